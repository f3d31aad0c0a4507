using System.Text.Json.Serialization;

namespace ModelOps.Sdk.Routing.Statistics;

/// <summary>
/// An immutable snapshot of one arm's statistics (the champion, a challenger or a shadow): calls, errors, latency distribution,
/// the task's quality metric and, for shadows, the paired comparison with the champion. Mergeable across instances and
/// JSON-serializable.
/// </summary>
/// <remarks>
/// <para><see cref="Merge"/> of the statistics of two disjoint sets of calls and outcomes gives the statistics of all of them:
/// counts and bins are added, moments merged with Chan's formula, so instances can each store their own snapshot and any instance
/// can merge them.</para>
/// <para><see cref="PrimaryOutcome"/> holds the per-outcome value the sequential test compares: 1 or 0 for a correct or wrong
/// classification, the absolute error for regression, the reward for rewards.</para>
/// </remarks>
public sealed record ArmStatistics
{
    /// <summary>Gets the arm's name, for example <c>champion</c> or a challenger's name.</summary>
    public required string Arm { get; init; }

    /// <summary>Gets the model version that served the arm, if known.</summary>
    public int? Version { get; init; }

    /// <summary>Gets the task's quality metric.</summary>
    public required QualityMetricKind Kind { get; init; }

    /// <summary>Gets the number of calls the arm answered or failed.</summary>
    public long Calls { get; init; }

    /// <summary>Gets the number of calls that threw or timed out.</summary>
    public long Errors { get; init; }

    /// <summary>Gets the latency distribution of all calls, failed ones included.</summary>
    public LatencyDistribution Latency { get; init; } = LatencyDistribution.Empty;

    /// <summary>Gets the moments of the per-outcome value the sequential test compares (see remarks).</summary>
    public RunningMoments PrimaryOutcome { get; init; }

    /// <summary>Gets the classification metrics, for <see cref="QualityMetricKind.BinaryClassification"/>.</summary>
    public BinaryClassificationMetrics? Binary { get; init; }

    /// <summary>Gets the regression metrics, for <see cref="QualityMetricKind.Regression"/>.</summary>
    public RegressionMetrics? Regression { get; init; }

    /// <summary>Gets the paired comparison with the champion, for a shadow arm that recorded any.</summary>
    public ShadowComparison? Shadow { get; init; }

    /// <summary>Gets the share of calls that failed, or 0 with no call.</summary>
    [JsonIgnore]
    public double ErrorRate => Calls == 0 ? 0 : (double)Errors / Calls;

    /// <summary>Gets the number of outcomes recorded.</summary>
    [JsonIgnore]
    public long Outcomes => PrimaryOutcome.Count;

    /// <summary>Gets the moments of the reward, for <see cref="QualityMetricKind.Reward"/>; otherwise <see langword="null"/>.</summary>
    [JsonIgnore]
    public RunningMoments? Reward => Kind == QualityMetricKind.Reward ? PrimaryOutcome : null;

    /// <summary>Gets whether a larger <see cref="PrimaryOutcome"/> is better (accuracy, reward) or worse (absolute error).</summary>
    [JsonIgnore]
    public bool HigherIsBetter => Kind != QualityMetricKind.Regression;

    /// <summary>Combines the statistics of one arm from two disjoint sets of calls (for example two instances).</summary>
    /// <param name="a">The first statistics.</param>
    /// <param name="b">The second statistics.</param>
    /// <returns>The statistics of all calls and outcomes of both.</returns>
    /// <exception cref="ExperimentStatisticsMismatchException">They belong to different arms, versions or metric kinds, or use different bins.</exception>
    public static ArmStatistics Merge(ArmStatistics a, ArmStatistics b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var subject = $"arm '{a.Arm}'";
        if (!string.Equals(a.Arm, b.Arm, StringComparison.Ordinal))
        {
            throw new ExperimentStatisticsMismatchException(subject, nameof(Arm), $"'{a.Arm}' cannot merge with '{b.Arm}'");
        }

        if (a.Kind != b.Kind)
        {
            throw new ExperimentStatisticsMismatchException(subject, nameof(Kind), $"{a.Kind} cannot merge with {b.Kind}");
        }

        if (a.Version != b.Version)
        {
            throw new ExperimentStatisticsMismatchException(subject, nameof(Version), $"version {a.Version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"} cannot merge with {b.Version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"}");
        }

        return new ArmStatistics
        {
            Arm = a.Arm,
            Version = a.Version,
            Kind = a.Kind,
            Calls = a.Calls + b.Calls,
            Errors = a.Errors + b.Errors,
            Latency = LatencyDistribution.Merge(a.Latency, b.Latency),
            PrimaryOutcome = RunningMoments.Merge(a.PrimaryOutcome, b.PrimaryOutcome),
            Binary = MergeOptional(a.Binary, b.Binary, BinaryClassificationMetrics.Merge),
            Regression = MergeOptional(a.Regression, b.Regression, RegressionMetrics.Merge),
            Shadow = MergeOptional(a.Shadow, b.Shadow, ShadowComparison.Merge),
        };
    }

    private static T? MergeOptional<T>(T? a, T? b, Func<T, T, T> merge)
        where T : class => (a, b) switch
        {
            (null, _) => b,
            (_, null) => a,
            _ => merge(a, b),
        };
}
