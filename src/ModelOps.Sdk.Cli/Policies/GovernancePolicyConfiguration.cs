using System.Globalization;
using Microsoft.Extensions.Configuration;
using ModelOps.Sdk.Cli.Errors;
using ModelOps.Sdk.Governance.Gates;
using ModelOps.Sdk.Governance.ModelCards;
using ModelOps.Sdk.Governance.Policies;

namespace ModelOps.Sdk.Cli.Policies;

/// <summary>
/// Reads the promotion policy from the <c>Governance</c> configuration section, so the tool enforces the same gates and roles as
/// the hosts that share the registry. Shape (docs/cli.md, "Governance policy"):
/// <code>
/// "Governance": {
///   "EnforceRoles": true, "ChampionAlias": "champion", "ProtectedAliases": [ "champion" ],
///   "Roles": { "Approve": "model-approver", "Deploy": "model-deployer", "Administer": "model-admin", "Register": null },
///   "RequiredApprovals": 1,
///   "Gates": [ { "Type": "metric-threshold", "Metric": "auc", "Minimum": 0.8 } ],
///   "Models": { "credit": { "RequiredApprovals": 2, "Gates": [ ... ] } }
/// }
/// </code>
/// </summary>
internal static class GovernancePolicyConfiguration
{
    public const string SectionName = "Governance";

    private static readonly string[] GateTypes =
    [
        "metric-threshold", "champion-comparison", "signature-compatibility", "onnx-parity", "reference-profile",
        "validation-drift", "data-quality", "fairness", "model-card",
    ];

    public static void Apply(IConfiguration configuration, GovernanceOptions options)
    {
        var section = configuration.GetSection(SectionName);
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

        ApplyPolicy(section, options.DefaultPolicy);
        foreach (var model in section.GetSection("Models").GetChildren())
        {
            var policy = new PromotionPolicy();
            ApplyPolicy(model, policy);
            options.Policies[model.Key] = policy;
        }
    }

    private static void ApplyPolicy(IConfigurationSection section, PromotionPolicy policy)
    {
        policy.RequiredApprovals = Value(section, "RequiredApprovals", policy.RequiredApprovals);
        foreach (var gate in section.GetSection("Gates").GetChildren())
        {
            policy.Gates.Add(CreateGate(gate));
        }
    }

    private static IPromotionGate CreateGate(IConfigurationSection gate)
    {
        var type = gate["Type"];
        if (string.IsNullOrWhiteSpace(type))
        {
            throw new CliUsageException($"configuration '{gate.Path}' lacks 'Type' (one of {string.Join(", ", GateTypes)})");
        }

        try
        {
            return Normalize(type) switch
            {
                "metricthreshold" => new MetricThresholdGate(Required(gate, "Metric"), Value<double?>(gate, "Minimum", null), Value<double?>(gate, "Maximum", null)),
                "championcomparison" => new ChampionComparisonGate(Required(gate, "Metric"), Value(gate, "HigherIsBetter", true), Value(gate, "MaximumDegradation", 0.0)),
                "signaturecompatibility" => new SignatureCompatibilityGate(),
                "onnxparity" => new OnnxParityGate(Value(gate, "Tolerance", 1e-5)),
                "referenceprofile" => new ReferenceProfileGate(),
                "validationdrift" => new ValidationDriftGate(Value(gate, "MaximumDriftedShare", 0.0), Value(gate, "AllowPredictionDrift", false)),
                "dataquality" => new DataQualityGate(Value(gate, "MaximumBadRowShare", 0.01)),
                "fairness" => new FairnessGate(
                    List(gate, "Attributes"),
                    Value(gate, "MinimumDemographicParityRatio", 0.8),
                    Value<double?>(gate, "MaximumEqualizedOddsDifference", 0.1)),
                "modelcard" => new ModelCardGate(List(gate, "Fields").Select(f => Field(gate, f)).ToArray()),
                _ => throw new CliUsageException($"configuration '{gate.Path}:Type' is '{type}'; expected one of {string.Join(", ", GateTypes)}"),
            };
        }
        catch (ArgumentException ex)
        {
            throw new CliUsageException($"configuration '{gate.Path}' ({type}) is invalid: {ex.Message}", ex);
        }
    }

    private static string Normalize(string type)
    {
        var name = type.Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        return name.EndsWith("gate", StringComparison.Ordinal) ? name[..^4] : name;
    }

    private static string Required(IConfigurationSection section, string key) =>
        section[key] is { Length: > 0 } value ? value : throw new CliUsageException($"configuration '{section.Path}' lacks '{key}'");

    private static string[] List(IConfigurationSection section, string key)
    {
        var child = section.GetSection(key);
        var items = child.GetChildren().Select(c => c.Value).OfType<string>().ToArray();
        return items.Length > 0 || child.Value is null
            ? items
            : child.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static ModelCardField Field(IConfigurationSection gate, string name) =>
        Enum.TryParse<ModelCardField>(name, ignoreCase: true, out var field) && Enum.IsDefined(field)
            ? field
            : throw new CliUsageException($"configuration '{gate.Path}:Fields' names '{name}'; expected one of {string.Join(", ", Enum.GetNames<ModelCardField>())}");

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
