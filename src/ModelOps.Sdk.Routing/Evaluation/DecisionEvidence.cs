using ModelOps.Sdk.Routing.Statistics;

namespace ModelOps.Sdk.Routing.Evaluation;

/// <summary>
/// Everything a decision rests on, for the audit log and for a person to check it: the effect with its confidence sequence, the
/// always-valid p-value, the samples per arm, the sample-ratio check and the guardrails.
/// </summary>
/// <remarks>
/// The effect and its interval are oriented so that positive means the challenger is better (higher accuracy or reward, lower
/// absolute error). Before both arms have two outcomes the interval is unbounded and the p-value 1.
/// </remarks>
public sealed record DecisionEvidence
{
    /// <summary>Gets the model.</summary>
    public required string ModelName { get; init; }

    /// <summary>Gets the experiment.</summary>
    public required string ExperimentName { get; init; }

    /// <summary>Gets the champion's arm name.</summary>
    public required string ChampionArm { get; init; }

    /// <summary>Gets the champion's version, if known.</summary>
    public int? ChampionVersion { get; init; }

    /// <summary>Gets the challenger's arm name.</summary>
    public required string ChallengerArm { get; init; }

    /// <summary>Gets the challenger's version, if known.</summary>
    public int? ChallengerVersion { get; init; }

    /// <summary>Gets the quality metric compared.</summary>
    public QualityMetricKind Metric { get; init; }

    /// <summary>Gets the champion's mean of the compared value (accuracy, mean absolute error or mean reward).</summary>
    public double ChampionMean { get; init; }

    /// <summary>Gets the challenger's mean of the compared value.</summary>
    public double ChallengerMean { get; init; }

    /// <summary>Gets the estimated improvement of the challenger over the champion, in metric units.</summary>
    public double EffectEstimate { get; init; }

    /// <summary>Gets the lower end of the (1 − α) confidence sequence for the improvement.</summary>
    public double ConfidenceLower { get; init; }

    /// <summary>Gets the upper end of the (1 − α) confidence sequence for the improvement.</summary>
    public double ConfidenceUpper { get; init; }

    /// <summary>Gets the always-valid p-value of "no difference".</summary>
    public double AlwaysValidPValue { get; init; }

    /// <summary>Gets the champion's outcomes.</summary>
    public long ChampionSamples { get; init; }

    /// <summary>Gets the challenger's outcomes.</summary>
    public long ChallengerSamples { get; init; }

    /// <summary>Gets the α this challenger's test ran at: the policy's α divided by <see cref="ChallengerCount"/> when the policy corrects for several challengers (Bonferroni), else the policy's α.</summary>
    public double Alpha { get; init; }

    /// <summary>Gets the policy's α, the bound on the chance that any challenger of the experiment is wrongly promoted.</summary>
    public double FamilyAlpha { get; init; }

    /// <summary>Gets how many challengers the experiment compares with the champion (k of the α split).</summary>
    public int ChallengerCount { get; init; } = 1;

    /// <summary>Gets τ², the mixing variance used.</summary>
    public double MixingVariance { get; init; }

    /// <summary>Gets the sample-ratio-mismatch check, when the weights and counts were given.</summary>
    public SampleRatioMismatchResult? SampleRatio { get; init; }

    /// <summary>Gets every guardrail signal seen, breached or not.</summary>
    public IReadOnlyList<GuardrailSignal> Guardrails { get; init; } = [];

    /// <summary>Gets when the evaluation was made.</summary>
    public DateTimeOffset EvaluatedAt { get; init; }

    /// <summary>Gets when the experiment started.</summary>
    public DateTimeOffset StartedAt { get; init; }
}
