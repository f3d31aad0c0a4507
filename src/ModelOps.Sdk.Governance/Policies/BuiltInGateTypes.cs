using ModelOps.Sdk.Governance.Gates;
using ModelOps.Sdk.Governance.ModelCards;

namespace ModelOps.Sdk.Governance.Policies;

/// <summary>
/// The gate types every <see cref="PromotionGateCatalog"/> knows, with their parameters (names case-insensitive; defaults as the
/// gates' constructors define them). Each maps to a gate in <see cref="Gates"/>.
/// </summary>
public static class BuiltInGateTypes
{
    /// <summary><see cref="MetricThresholdGate"/>: <c>metric</c> (required), <c>minimum</c>, <c>maximum</c> (at least one).</summary>
    public const string MetricThreshold = "metric-threshold";

    /// <summary><see cref="ChampionComparisonGate"/>: <c>metric</c> (required), <c>higherIsBetter</c> (true), <c>maximumDegradation</c> (0).</summary>
    public const string ChampionComparison = "champion-comparison";

    /// <summary><see cref="SignatureCompatibilityGate"/>: no parameters.</summary>
    public const string SignatureCompatibility = "signature-compatibility";

    /// <summary><see cref="OnnxParityGate"/>: <c>tolerance</c> (1e-5).</summary>
    public const string OnnxParity = "onnx-parity";

    /// <summary><see cref="ReferenceProfileGate"/>: no parameters.</summary>
    public const string ReferenceProfile = "reference-profile";

    /// <summary><see cref="ValidationDriftGate"/>: <c>maximumDriftedShare</c> (0), <c>allowPredictionDrift</c> (false).</summary>
    public const string ValidationDrift = "validation-drift";

    /// <summary><see cref="DataQualityGate"/>: <c>maximumBadRowShare</c> (0.01).</summary>
    public const string DataQuality = "data-quality";

    /// <summary>
    /// <see cref="FairnessGate"/>: <c>attributes</c> (required), <c>minimumDemographicParityRatio</c> (0.8),
    /// <c>maximumEqualizedOddsDifference</c> (0.1 when absent; <see langword="null"/> skips the check).
    /// </summary>
    public const string Fairness = "fairness";

    /// <summary><see cref="ModelCardGate"/>: <c>fields</c> (<see cref="ModelCardField"/> names; by default intended use, limitations, owner, training data).</summary>
    public const string ModelCard = "model-card";

    /// <summary>
    /// <see cref="ArtifactLoadsGate"/>: no parameters. Registered by <c>AddGovernance</c> (it loads versions through the process's
    /// flavors), so a catalog created without dependency injection does not know it.
    /// </summary>
    public const string ArtifactLoads = ArtifactLoadsGate.GateName;

    /// <summary>
    /// <see cref="InputExampleScoresGate"/>: no parameters. Registered by <c>AddGovernance</c> like <see cref="ArtifactLoads"/> (it
    /// loads and scores versions through the process's flavors), so a catalog created without dependency injection does not know it.
    /// </summary>
    public const string InputExampleScores = InputExampleScoresGate.GateName;

    /// <summary>Gets the built-in types with their factories.</summary>
    internal static IReadOnlyList<PromotionGateType> All { get; } =
    [
        new(MetricThreshold, p => new MetricThresholdGate(p.GetString("metric"), p.GetOptionalDouble("minimum"), p.GetOptionalDouble("maximum"))),
        new(ChampionComparison, p => new ChampionComparisonGate(p.GetString("metric"), p.GetBoolean("higherIsBetter", true), p.GetDouble("maximumDegradation", 0))),
        new(SignatureCompatibility, _ => new SignatureCompatibilityGate()),
        new(OnnxParity, p => new OnnxParityGate(p.GetDouble("tolerance", 1e-5))),
        new(ReferenceProfile, _ => new ReferenceProfileGate()),
        new(ValidationDrift, p => new ValidationDriftGate(p.GetDouble("maximumDriftedShare", 0), p.GetBoolean("allowPredictionDrift", false))),
        new(DataQuality, p => new DataQualityGate(p.GetDouble("maximumBadRowShare", 0.01))),
        new(Fairness, p => new FairnessGate(
            p.GetStrings("attributes"),
            p.GetDouble("minimumDemographicParityRatio", 0.8),
            p.GetOptionalDouble("maximumEqualizedOddsDifference", 0.1))),
        new(ModelCard, p => new ModelCardGate(ParseFields(p.GetStrings("fields")))),
    ];

    private static ModelCardField[] ParseFields(IReadOnlyList<string> fields) =>
        fields.Select(name => Enum.TryParse<ModelCardField>(name, ignoreCase: true, out var field) && Enum.IsDefined(field) && !int.TryParse(name, out _)
            ? field
            : throw new ArgumentException($"'fields' names '{name}'; expected one of {string.Join(", ", Enum.GetNames<ModelCardField>())}", nameof(fields))).ToArray();
}
