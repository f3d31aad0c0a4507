using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using ModelOps.Sdk.Cli.Errors;
using ModelOps.Sdk.Governance.Policies;

namespace ModelOps.Sdk.Cli.Policies;

/// <summary>
/// Reads the promotion policy from the <c>ModelOps:Governance</c> configuration section (or, when it is absent, the tool's older
/// root-level <c>Governance</c> section), so the tool enforces the same gates and roles as
/// the hosts that share the registry. Shape (docs/cli.md, "Governance policy"); a policy (the section itself, or a model's entry
/// under <c>Models</c>) has the shape of a <see cref="PromotionPolicyDocument"/>, and its gates are built by the governance
/// package's <see cref="PromotionGateCatalog"/>, the same code that builds stored policies:
/// <code>
/// "ModelOps": { "Governance": {
///   "EnforceRoles": true, "ChampionAlias": "champion", "ProtectedAliases": [ "champion" ],
///   "Roles": { "Approve": "model-approver", "Deploy": "model-deployer", "Administer": "model-admin", "ChangePolicy": "model-admin", "Register": null },
///   "RequiredApprovals": 1,
///   "Gates": [ { "Type": "metric-threshold", "Metric": "auc", "Minimum": 0.8 } ],
///   "Models": { "credit": { "RequiredApprovals": 2, "Gates": [ ... ] } }
/// }
/// </code>
/// </summary>
internal static class GovernancePolicyConfiguration
{
    public const string SectionName = "ModelOps:Governance";

    /// <summary>The tool's older root-level section, read when <see cref="SectionName"/> is absent (so errors name the key written).</summary>
    public const string LegacySectionName = "Governance";

    public static void Apply(IConfiguration configuration, GovernanceOptions options, PromotionGateCatalog catalog)
    {
        var section = configuration.GetSection(SectionName) is { } current && current.Exists() ? current : configuration.GetSection(LegacySectionName);
        options.EnforceRoles = Value(section, "EnforceRoles", options.EnforceRoles);
        options.ChampionAlias = section["ChampionAlias"] ?? options.ChampionAlias;
        var protectedAliases = section.GetSection("ProtectedAliases").GetChildren().Select(c => c.Value).OfType<string>().ToArray();
        if (protectedAliases.Length > 0)
        {
            options.ProtectedAliases.Clear();
            foreach (var alias in protectedAliases)
            {
                options.ProtectedAliases.Add(alias);
            }
        }

        var roles = section.GetSection("Roles");
        options.Roles.Register = RoleValue(roles, "Register", options.Roles.Register);
        options.Roles.Approve = RoleValue(roles, "Approve", options.Roles.Approve);
        options.Roles.Administer = RoleValue(roles, "Administer", options.Roles.Administer);
        options.Roles.Deploy = RoleValue(roles, "Deploy", options.Roles.Deploy);
        options.Roles.ChangePolicy = RoleValue(roles, "ChangePolicy", options.Roles.ChangePolicy);

        // Every policy is checked before any error is reported, so one run lists every problem of the section.
        var problems = new List<string>();
        CopyInto(Build(section, catalog, problems), options.DefaultPolicy);
        foreach (var model in section.GetSection("Models").GetChildren())
        {
            var policy = new PromotionPolicy();
            CopyInto(Build(model, catalog, problems), policy);
            options.Policies[model.Key] = policy;
        }

        if (problems.Count > 0)
        {
            throw new CliUsageException(string.Join("; ", problems));
        }
    }

    /// <summary>Reads a policy section as a <see cref="PromotionPolicyDocument"/> (values stay strings; the gate types parse them).</summary>
    private static PromotionPolicyDocument ToDocument(IConfigurationSection section) => new()
    {
        RequiredApprovals = Value(section, "RequiredApprovals", 1),
        Gates = section.GetSection("Gates").GetChildren().Select(ToSpecification).ToArray(),
    };

    private static PromotionPolicy? Build(IConfigurationSection section, PromotionGateCatalog catalog, List<string> problems)
    {
        var gateSections = section.GetSection("Gates").GetChildren().ToArray();
        try
        {
            return catalog.CreatePolicy(ToDocument(section));
        }
        catch (InvalidPromotionPolicyException ex)
        {
            problems.AddRange(ex.Errors.Select(error => Describe(section, gateSections, error)));
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
        foreach (var gate in source.Gates)
        {
            target.Gates.Add(gate);
        }
    }

    /// <summary>Names the configuration key of a policy error, as the user spelled it (for example <c>Governance:Gates:0:Minimum</c>).</summary>
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

    private static string? RoleValue(IConfigurationSection roles, string key, string? fallback)
    {
        var child = roles.GetSection(key);
        if (!child.Exists())
        {
            return fallback;
        }

        // An empty value means "anyone may", as a null role does in GovernanceRoles.
        return string.IsNullOrWhiteSpace(child.Value) ? null : child.Value;
    }

    private static T Value<T>(IConfigurationSection section, string key, T fallback)
    {
        try
        {
            return section.GetSection(key).Value is null ? fallback : section.GetValue(key, fallback)!;
        }
        catch (InvalidOperationException ex)
        {
            throw new CliUsageException(
                string.Create(CultureInfo.InvariantCulture, $"configuration '{section.Path}:{key}' is '{section[key]}', which is not a valid {Nullable.GetUnderlyingType(typeof(T))?.Name ?? typeof(T).Name}"),
                ex);
        }
    }
}
