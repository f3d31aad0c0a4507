using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Configuration;
using ModelOps.Sdk.Governance.Policies;

namespace ModelOps.Sdk.Governance.Configuration;

/// <summary>
/// Reads the configured promotion policies from the <c>Governance</c> sub-section of the <c>ModelOps</c> section
/// (<see cref="IModelOpsConfiguration"/>), the keys the configuration binder cannot bind onto <see cref="GovernanceOptions"/>: the
/// section's <c>RequiredApprovals</c> and <c>Gates</c> (the default policy) and each model's under <c>Models</c>. Hosts
/// (ModelOps.Sdk.Hosting) and the <c>modelops</c> tool read them through this one class, so one <c>appsettings.json</c> serves both
/// (docs/cli.md, "Governance policy"). A policy has the shape of a <see cref="PromotionPolicyDocument"/> and its gates are built by
/// the <see cref="PromotionGateCatalog"/>, the code that builds stored policies, so both accept and refuse the same things. A
/// configured <c>ProtectedAliases</c> list replaces the default one.
/// </summary>
/// <remarks>
/// Runs before the code's <c>AddGovernance(configure)</c> delegate, so code adds to or overrides the configuration. A problem is not
/// thrown here: every problem of the section is kept and reported at once by the options validation, each naming its configuration
/// path as written, for example <c>configuration 'ModelOps:Governance:Gates:1:Minimum' (metric-threshold): ...</c>.
/// </remarks>
internal sealed class GovernancePolicyConfiguration(IEnumerable<IModelOpsConfiguration> configurations, PromotionGateCatalog catalog)
    : IConfigureOptions<GovernanceOptions>
{
    /// <summary>The keys read here rather than bound (<see cref="ModelOpsConfigurationKeysAttribute"/> on <see cref="GovernanceOptions"/>).</summary>
    internal const string RequiredApprovalsKey = "RequiredApprovals";

    /// <inheritdoc cref="RequiredApprovalsKey"/>
    internal const string GatesKey = "Gates";

    /// <inheritdoc cref="RequiredApprovalsKey"/>
    internal const string ModelsKey = "Models";

    private const string ProtectedAliasesKey = nameof(GovernanceOptions.ProtectedAliases);

    public void Configure(GovernanceOptions options)
    {
        foreach (var configuration in configurations)
        {
            var section = configuration.Section.GetSection(GovernanceOptions.SectionName);
            if (section.Exists())
            {
                Apply(section, options);
            }
        }
    }

    private void Apply(IConfigurationSection section, GovernanceOptions options)
    {
        // A configured list replaces the default (champion) rather than adding to it, as a user listing ["prod"] means; the
        // configuration binder, which adds to a set, may have run first.
        var protectedAliases = section.GetSection(ProtectedAliasesKey).GetChildren().Select(c => c.Value).OfType<string>().ToArray();
        if (protectedAliases.Length > 0)
        {
            options.ProtectedAliases.Clear();
            options.ProtectedAliases.UnionWith(protectedAliases);
        }

        if (HasPolicy(section))
        {
            CopyInto(Build(section, options.ConfigurationErrors), options.DefaultPolicy);
        }

        foreach (var model in section.GetSection(ModelsKey).GetChildren())
        {
            var policy = new PromotionPolicy();
            CopyInto(Build(model, options.ConfigurationErrors), policy);
            options.Policies[model.Key] = policy;
        }
    }

    private static bool HasPolicy(IConfigurationSection section) =>
        section.GetSection(RequiredApprovalsKey).Exists() || section.GetSection(GatesKey).Exists();

    private PromotionPolicy? Build(IConfigurationSection section, List<string> problems)
    {
        var approvals = section.GetSection(RequiredApprovalsKey);
        var requiredApprovals = 1;
        if (approvals.Value is { } text && !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out requiredApprovals))
        {
            problems.Add($"configuration '{approvals.Path}' is '{text}', which is not a whole number of approvals");
            return null;
        }

        var gates = section.GetSection(GatesKey).GetChildren().ToArray();
        try
        {
            return catalog.CreatePolicy(new PromotionPolicyDocument(requiredApprovals, gates.Select(ToSpecification).ToArray()));
        }
        catch (InvalidPromotionPolicyException ex)
        {
            problems.AddRange(ex.Errors.Select(error => Describe(section, gates, error)));
            return null;
        }
    }

    private static void CopyInto(PromotionPolicy? source, PromotionPolicy target)
    {
        if (source is null)
        {
            return;
        }

        target.RequiredApprovals = source.RequiredApprovals;
        target.Gates.Clear();
        foreach (var gate in source.Gates)
        {
            target.Gates.Add(gate);
        }
    }

    /// <summary>Names the configuration key of a policy error, as the user spelled it (for example <c>ModelOps:Governance:Gates:0:Minimum</c>).</summary>
    private static string Describe(IConfigurationSection policy, IConfigurationSection[] gates, PromotionPolicyError error)
    {
        if (error.GateIndex is not { } index || index >= gates.Length)
        {
            var key = error.Field is null ? null : char.ToUpperInvariant(error.Field[0]) + error.Field[1..];
            return $"configuration '{policy.Path}{(key is null ? string.Empty : ":" + key)}': {error.Message}";
        }

        var gate = gates[index];
        var path = gate.Path;
        if (error.Field is { } field)
        {
            path += ":" + (gate.GetChildren().FirstOrDefault(c => string.Equals(c.Key, field, StringComparison.OrdinalIgnoreCase))?.Key ?? field);
        }

        return $"configuration '{path}'{(error.GateType is null ? string.Empty : $" ({error.GateType})")}: {error.Message}";
    }

    private static GateSpecification ToSpecification(IConfigurationSection gate)
    {
        var type = gate.GetChildren().FirstOrDefault(c => string.Equals(c.Key, "Type", StringComparison.OrdinalIgnoreCase))?.Value ?? string.Empty;
        var parameters = gate.GetChildren()
            .Where(c => !string.Equals(c.Key, "Type", StringComparison.OrdinalIgnoreCase))
            .Select(c => new KeyValuePair<string, JsonElement>(c.Key, ToJson(c)));
        return new GateSpecification(type, parameters);
    }

    /// <summary>Turns a configuration value into JSON: a string (empty means null), an array for numbered children, else an object.</summary>
    private static JsonElement ToJson(IConfigurationSection section)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, section);
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }

    private static void Write(Utf8JsonWriter writer, IConfigurationSection section)
    {
        var children = section.GetChildren().ToArray();
        if (children.Length == 0)
        {
            if (string.IsNullOrEmpty(section.Value))
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteStringValue(section.Value);
            }
        }
        else if (children.All(c => int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            writer.WriteStartArray();
            foreach (var child in children.OrderBy(c => int.Parse(c.Key, CultureInfo.InvariantCulture)))
            {
                Write(writer, child);
            }

            writer.WriteEndArray();
        }
        else
        {
            writer.WriteStartObject();
            foreach (var child in children)
            {
                writer.WritePropertyName(child.Key);
                Write(writer, child);
            }

            writer.WriteEndObject();
        }
    }
}
