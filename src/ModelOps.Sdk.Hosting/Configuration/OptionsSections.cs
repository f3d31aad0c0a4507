using System.Collections.Concurrent;
using System.Reflection;
using ModelOps.Sdk.Configuration;

namespace ModelOps.Sdk.Hosting.Configuration;

/// <summary>
/// Where each options class of the ModelOps packages binds, relative to the <c>ModelOps</c> section: the section itself for
/// <see cref="ModelOpsOptions"/>, and for the others the path their <see cref="ModelOpsOptionsSectionAttribute"/> names.
/// </summary>
internal static class OptionsSections
{
    /// <summary>
    /// Every package's section, also those of packages not added, so that a section set for a package the service does not use is
    /// reported as such rather than as a misspelling. Kept in step with the <see cref="ModelOpsOptionsSectionAttribute"/> paths by hand: a package added later adds its line here.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> PackageSections = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Store"] = "ModelOps.Sdk (UseFileSystem)",
        ["PostgreSql"] = "ModelOps.Sdk.PostgreSql (UsePostgreSql)",
        ["S3"] = "ModelOps.Sdk.S3 (UseS3)",
        ["Flavors"] = "a flavor package (AddOnnx)",
        ["Flavors:Onnx"] = "ModelOps.Sdk.Onnx (AddOnnx)",
        ["Flavors:Optimization"] = "ModelOps.Sdk.Optimization (AddOptimization)",
        ["Flavors:AI"] = "ModelOps.Sdk.AI (AddAI)",
        ["Monitoring"] = "ModelOps.Sdk.Monitoring (AddMonitoring)",
        ["Routing"] = "ModelOps.Sdk.Routing (AddRouting)",
        ["Routing:PredictionLog"] = "ModelOps.Sdk.Routing (AddJsonLinesPredictionLog)",
        ["Routing:Loops"] = "ModelOps.Sdk.Routing (AddRoutingLoops)",
        ["Routing:Replay"] = "ModelOps.Sdk.Routing (AddDecisionReplay)",
        ["Governance"] = "ModelOps.Sdk.Governance (AddGovernance)",
        ["Bundles"] = "ModelOps.Sdk.Governance (AddModelBundles)",
        ["Retention"] = "ModelOps.Sdk.Governance (AddGovernance)",
        ["Hosting"] = "ModelOps.Sdk.Hosting (AddScorer)",
        ["Reporting"] = "ModelOps.Sdk.Reporting (AddReporting)",
    };

    private static readonly ConcurrentDictionary<Type, string?> Cache = new();

    /// <summary>The path relative to the <c>ModelOps</c> section, empty for <see cref="ModelOpsOptions"/>, or <see langword="null"/>
    /// for an options type that carries no <see cref="ModelOpsOptionsSectionAttribute"/>.</summary>
    public static string? RelativePath(Type optionsType) => Cache.GetOrAdd(optionsType, static type =>
    {
        if (type == typeof(ModelOpsOptions))
        {
            return string.Empty;
        }

        return type.GetCustomAttribute<ModelOpsOptionsSectionAttribute>(inherit: false)?.Path;
    });
}
