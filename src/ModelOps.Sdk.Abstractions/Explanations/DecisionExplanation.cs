namespace ModelOps.Sdk.Explanations;

/// <summary>
/// Why a model version decided as it did for one input: per-feature contributions against a stated baseline, or the rules that
/// fired, and the reasons in human text from the version's <see cref="ReasonCodeTable"/>. Obtained from
/// <see cref="IDecisionExplainer"/>; stored and read with <see cref="ExplanationJson"/>.
/// </summary>
public sealed record DecisionExplanation
{
    /// <summary>The schema version this library writes and the newest it reads.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>Gets the schema version of the explanation.</summary>
    /// <value>The default value is <see cref="CurrentSchemaVersion"/>.</value>
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>Gets the model.</summary>
    public required string ModelName { get; init; }

    /// <summary>Gets the version that decided.</summary>
    public required int Version { get; init; }

    /// <summary>Gets how the explanation was computed.</summary>
    public required ExplanationMethod Method { get; init; }

    /// <summary>
    /// Gets what the contributions are measured against, in words: for example <c>reference profile 'default' revision 1: median of
    /// each numeric feature, most frequent value of each categorical feature</c>, or <c>0 in the model's feature space</c>.
    /// </summary>
    public required string Baseline { get; init; }

    /// <summary>Gets the output whose value the contributions explain, or <see langword="null"/> for fired rules.</summary>
    public string? Output { get; init; }

    /// <summary>Gets the explained output's value for the input, when it is a number.</summary>
    public double? OutputValue { get; init; }

    /// <summary>Gets the explained output's value at the baseline, when the method computes it (occlusion: the output with every
    /// feature at its baseline).</summary>
    public double? BaselineOutputValue { get; init; }

    /// <summary>Gets the contributions, in decreasing order of absolute size (ties by feature name, ordinally).</summary>
    public IReadOnlyList<FeatureContribution> Contributions { get; init; } = [];

    /// <summary>Gets the rules that fired, in table order (the <c>rules</c> flavor); empty for other methods.</summary>
    public IReadOnlyList<FiredRule> FiredRules { get; init; } = [];

    /// <summary>Gets the reasons from the version's reason-code table; empty when it has none or nothing matched.</summary>
    public IReadOnlyList<ReasonCode> ReasonCodes { get; init; } = [];
}
