using System.Globalization;
using ModelOps.Sdk.Routing.Statistics;

namespace ModelOps.Sdk.Routing.Evaluation;

/// <summary>
/// When a challenger may be promoted, abandoned or rolled back: the sequential test's parameters, the minimum samples and duration,
/// and the guardrails. Immutable; stored with the experiment's definition as JSON.
/// </summary>
/// <remarks>
/// The effect is measured in the metric's units and oriented so that positive means the challenger is better: accuracy points
/// for binary classification, reduction of the mean absolute error for regression, reward per decision for rewards.
/// </remarks>
public sealed record EvaluationPolicy
{
    /// <summary>
    /// Gets the significance level: the largest tolerated chance of promoting a challenger that is not better. With several
    /// challengers it bounds the chance that any of them is wrongly promoted: each is tested at α/k (see
    /// <see cref="CorrectForMultipleChallengers"/>).
    /// </summary>
    /// <value>The default value is 0.05.</value>
    public double Alpha { get; init; } = 0.05;

    /// <summary>
    /// Gets a value indicating whether <see cref="Alpha"/> is split across the experiment's k challengers (Bonferroni: each
    /// challenger's test runs at α/k, so the chance that any challenger is wrongly promoted stays at most α, whatever the
    /// dependence between the comparisons, which share the champion). k is <see cref="EvaluationRequest.ChallengerCount"/>.
    /// Turn it off only if you already set <see cref="Alpha"/> per comparison, or accept a family-wise error of up to k·α.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool CorrectForMultipleChallengers { get; init; } = true;

    /// <summary>
    /// Gets τ², the variance of the mSPRT's normal mixing distribution, in squared metric units: the test is most sensitive to effects
    /// near τ. Set it to the square of the effect you expect (for example 0.02² = 0.0004 for two accuracy points).
    /// </summary>
    /// <value>The default value is <see langword="null"/>: <see cref="MinimumEffect"/>² when that is positive, otherwise 0.05² for binary classification; regression and rewards must set it or <see cref="MinimumEffect"/>.</value>
    public double? MixingVariance { get; init; }

    /// <summary>Gets the smallest improvement worth a promotion, in metric units; a challenger is abandoned once the confidence sequence rules it out.</summary>
    /// <value>The default value is 0 (any significant improvement).</value>
    public double MinimumEffect { get; init; }

    /// <summary>Gets the number of outcomes each arm needs before the test may decide.</summary>
    /// <value>The default value is 1000.</value>
    public long MinimumSamplesPerArm { get; init; } = 1000;

    /// <summary>Gets how long the experiment runs before the test may decide (to cover weekly patterns).</summary>
    /// <value>The default value is 7 days.</value>
    public TimeSpan MinimumDuration { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Gets the number of outcomes per arm after which an undecided experiment is abandoned, or <see langword="null"/> for no limit.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public long? MaximumSamplesPerArm { get; init; }

    /// <summary>Gets the p-value below which the sample-ratio-mismatch check flags the split as broken.</summary>
    /// <value>The default value is 0.001.</value>
    public double SampleRatioMismatchThreshold { get; init; } = SampleRatioMismatchTest.DefaultThreshold;

    /// <summary>Gets the highest error rate the challenger may show, or <see langword="null"/> for no absolute limit.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public double? MaximumErrorRate { get; init; }

    /// <summary>Gets how far the challenger's error rate may exceed the champion's, or <see langword="null"/> for no limit.</summary>
    /// <value>The default value is 0.05 (five percentage points).</value>
    public double? MaximumErrorRateIncrease { get; init; } = 0.05;

    /// <summary>Gets the highest p95 latency the challenger may show, or <see langword="null"/> for no absolute limit.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public TimeSpan? MaximumP95Latency { get; init; }

    /// <summary>Gets how many times the champion's p95 latency the challenger's may reach, or <see langword="null"/> for no limit.</summary>
    /// <value>The default value is 2.</value>
    public double? MaximumP95LatencyRatio { get; init; } = 2;

    /// <summary>Gets the number of calls each arm needs before the error-rate and latency guardrails are checked.</summary>
    /// <value>The default value is 200.</value>
    public long GuardrailMinimumCalls { get; init; } = 200;

    /// <summary>Checks every field and returns every problem as "Field: problem"; empty when the policy is valid.</summary>
    /// <param name="metric">The experiment's quality metric (the mixing variance's default depends on it).</param>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Validate(QualityMetricKind metric)
    {
        var problems = new List<string>();
        void Check(bool ok, string field, string problem)
        {
            if (!ok)
            {
                problems.Add($"{field}: {problem}");
            }
        }

        Check(Alpha is > 0 and < 1, nameof(Alpha), $"must be between 0 and 1 (exclusive), not {Show(Alpha)}");
        Check(MixingVariance is null || (MixingVariance > 0 && double.IsFinite(MixingVariance.Value)), nameof(MixingVariance), $"must be a positive number, not {Show(MixingVariance)}");
        Check(MinimumEffect >= 0 && double.IsFinite(MinimumEffect), nameof(MinimumEffect), $"must be a finite number of at least 0, not {Show(MinimumEffect)}");
        Check(MixingVariance is not null || MinimumEffect > 0 || metric == QualityMetricKind.BinaryClassification, nameof(MixingVariance), $"must be set (or MinimumEffect made positive) for {metric}: there is no scale-free default");
        Check(MinimumSamplesPerArm >= 2, nameof(MinimumSamplesPerArm), $"must be at least 2, not {MinimumSamplesPerArm}");
        Check(MinimumDuration >= TimeSpan.Zero, nameof(MinimumDuration), $"must not be negative, not {MinimumDuration}");
        Check(MaximumSamplesPerArm is null || MaximumSamplesPerArm >= MinimumSamplesPerArm, nameof(MaximumSamplesPerArm), $"must be at least MinimumSamplesPerArm ({MinimumSamplesPerArm}), not {MaximumSamplesPerArm}");
        Check(SampleRatioMismatchThreshold is > 0 and < 1, nameof(SampleRatioMismatchThreshold), $"must be between 0 and 1 (exclusive), not {Show(SampleRatioMismatchThreshold)}");
        Check(MaximumErrorRate is null or (>= 0 and <= 1), nameof(MaximumErrorRate), $"must be between 0 and 1, not {Show(MaximumErrorRate)}");
        Check(MaximumErrorRateIncrease is null or (>= 0 and <= 1), nameof(MaximumErrorRateIncrease), $"must be between 0 and 1, not {Show(MaximumErrorRateIncrease)}");
        Check(MaximumP95Latency is null || MaximumP95Latency > TimeSpan.Zero, nameof(MaximumP95Latency), $"must be positive, not {MaximumP95Latency}");
        Check(MaximumP95LatencyRatio is null || (MaximumP95LatencyRatio >= 1 && double.IsFinite(MaximumP95LatencyRatio.Value)), nameof(MaximumP95LatencyRatio), $"must be at least 1, not {Show(MaximumP95LatencyRatio)}");
        Check(GuardrailMinimumCalls >= 1, nameof(GuardrailMinimumCalls), $"must be at least 1, not {GuardrailMinimumCalls}");
        return problems;
    }

    /// <summary>Gets the mixing variance τ² in force for a metric (see <see cref="MixingVariance"/>).</summary>
    /// <param name="metric">The experiment's quality metric.</param>
    /// <returns>τ².</returns>
    /// <exception cref="InvalidOperationException">Neither <see cref="MixingVariance"/> nor a positive <see cref="MinimumEffect"/> is set for a regression or reward metric.</exception>
    public double ResolveMixingVariance(QualityMetricKind metric) =>
        MixingVariance
        ?? (MinimumEffect > 0 ? MinimumEffect * MinimumEffect
        : metric == QualityMetricKind.BinaryClassification ? 0.05 * 0.05
        : throw new InvalidOperationException($"EvaluationPolicy.MixingVariance must be set (or MinimumEffect made positive) for {metric}."));

    private static string Show(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "null";
}
