namespace ModelOps.Sdk.Monitoring.Drift;

/// <summary>
/// The outcome of one drift method on one feature or output: the statistic, how it was computed and the decision.
/// </summary>
/// <remarks>
/// Immutable and JSON-serializable with System.Text.Json. Every result names its <see cref="Units"/>, the sample sizes, the number
/// of bins, the smoothing and the threshold it used, and says whether it is an approximation and with what error bound.
/// </remarks>
public sealed record DriftResult
{
    /// <summary>Gets the method that produced the result.</summary>
    public required DriftMethod Method { get; init; }

    /// <summary>
    /// Gets the statistic: the KS statistic D, the chi-square statistic, or the distance computed on smoothed proportions
    /// (the Wasserstein distance divided by the reference standard deviation).
    /// </summary>
    public required double Statistic { get; init; }

    /// <summary>
    /// Gets the same statistic computed without smoothing (equal to <see cref="Statistic"/> for methods that do not smooth). The
    /// population stability index is +∞ here when a bin is empty on one side only.
    /// </summary>
    public required double UnsmoothedStatistic { get; init; }

    /// <summary>Gets the p-value for statistical tests, or <see langword="null"/> for distances.</summary>
    public double? PValue { get; init; }

    /// <summary>Gets the value compared with <see cref="Threshold"/>: the p-value for tests, <see cref="Statistic"/> for distances.</summary>
    public required double Score { get; init; }

    /// <summary>Gets the threshold: the significance level for tests, the minimum drifting distance for distances.</summary>
    public required double Threshold { get; init; }

    /// <summary>Gets how <see cref="Score"/> is compared with <see cref="Threshold"/>.</summary>
    public required DriftDecisionRule DecisionRule { get; init; }

    /// <summary>Gets a value indicating whether the method decided that the distribution drifted.</summary>
    public required bool Drifted { get; init; }

    /// <summary>Gets the units of <see cref="Statistic"/>, for example "KS statistic D (max ECDF difference)" or "bits".</summary>
    public required string Units { get; init; }

    /// <summary>Gets the number of reference values (sum of reference counts for binned methods).</summary>
    public required long ReferenceCount { get; init; }

    /// <summary>Gets the number of current values (sum of current counts for binned methods).</summary>
    public required long CurrentCount { get; init; }

    /// <summary>Gets the number of bins or categories used, or 0 when the method ran on raw values.</summary>
    public required int Bins { get; init; }

    /// <summary>
    /// Gets the probability added to every bin on both sides before renormalising, p_i = (c_i/N + ε) / (1 + kε), or 0 when the
    /// method does not smooth.
    /// </summary>
    public required double Smoothing { get; init; }

    /// <summary>Gets a value indicating whether <see cref="Statistic"/> approximates the statistic on raw values (for example KS on bins).</summary>
    public bool IsApproximate { get; init; }

    /// <summary>
    /// Gets a proven bound on |<see cref="Statistic"/> − the statistic on the raw values| when <see cref="IsApproximate"/>, and 0 otherwise.
    /// </summary>
    public double ErrorBound { get; init; }

    /// <summary>Gets the Wasserstein-1 distance in the feature's own units before dividing by the reference standard deviation, or <see langword="null"/>.</summary>
    public double? UnnormalizedStatistic { get; init; }

    /// <summary>Gets the degrees of freedom of a chi-square test, or <see langword="null"/>.</summary>
    public int? DegreesOfFreedom { get; init; }

    /// <summary>
    /// A test decided by its p-value: <see cref="Score"/> is the p-value and drift is a p-value below <paramref name="alpha"/>.
    /// One place derives the decision fields, so every test states them the same way.
    /// </summary>
    internal static DriftResult FromPValue(DriftMethod method, double statistic, double pValue, double alpha, string units, long referenceCount, long currentCount, int bins) => new()
    {
        Method = method,
        Statistic = statistic,
        UnsmoothedStatistic = statistic,
        PValue = pValue,
        Score = pValue,
        Threshold = alpha,
        DecisionRule = DriftDecisionRule.PValueBelowThreshold,
        Drifted = pValue < alpha,
        Units = units,
        ReferenceCount = referenceCount,
        CurrentCount = currentCount,
        Bins = bins,
        Smoothing = 0,
    };

    /// <summary>
    /// A distance or effect size: <see cref="Score"/> is the (smoothed) statistic and drift is a score at least
    /// <paramref name="threshold"/>.
    /// </summary>
    internal static DriftResult FromDistance(DriftMethod method, double statistic, double unsmoothedStatistic, double threshold, string units, long referenceCount, long currentCount, int bins, double smoothing) => new()
    {
        Method = method,
        Statistic = statistic,
        UnsmoothedStatistic = unsmoothedStatistic,
        Score = statistic,
        Threshold = threshold,
        DecisionRule = DriftDecisionRule.ScoreAtLeastThreshold,
        Drifted = statistic >= threshold,
        Units = units,
        ReferenceCount = referenceCount,
        CurrentCount = currentCount,
        Bins = bins,
        Smoothing = smoothing,
    };
}
