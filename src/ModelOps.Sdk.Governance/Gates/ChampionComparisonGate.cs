using System.Globalization;

namespace ModelOps.Sdk.Governance.Gates;

/// <summary>
/// Requires a version to be not worse than the current champion on a metric by more than a margin, for example AUC no more
/// than 0.01 below the champion's. Passes when there is no champion yet; fails when either version lacks the metric.
/// </summary>
public sealed class ChampionComparisonGate : IPromotionGate
{
    /// <summary>Initializes a new instance of the <see cref="ChampionComparisonGate"/> class.</summary>
    /// <param name="metric">The metric's name in <see cref="ModelVersion.Metrics"/>.</param>
    /// <param name="higherIsBetter">Whether larger values are better (AUC, accuracy) or worse (RMSE, log loss).</param>
    /// <param name="maximumDegradation">How much worse than the champion the candidate may be, in the metric's units (0 = at least as good).</param>
    /// <exception cref="ArgumentOutOfRangeException">The margin is negative or not finite.</exception>
    public ChampionComparisonGate(string metric, bool higherIsBetter, double maximumDegradation = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(metric);
        if (!double.IsFinite(maximumDegradation) || maximumDegradation < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maximumDegradation), maximumDegradation, $"The allowed degradation of '{metric}' must be a finite number of at least 0.");
        }

        Metric = metric;
        HigherIsBetter = higherIsBetter;
        MaximumDegradation = maximumDegradation;
        Name = $"champion:{metric}";
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>Gets the metric's name.</summary>
    public string Metric { get; }

    /// <summary>Gets whether larger values are better.</summary>
    public bool HigherIsBetter { get; }

    /// <summary>Gets how much worse than the champion the candidate may be.</summary>
    public double MaximumDegradation { get; }

    /// <inheritdoc/>
    public ValueTask<GateResult> EvaluateAsync(GateContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var threshold = string.Create(CultureInfo.InvariantCulture, $"{Metric} {(HigherIsBetter ? ">=" : "<=")} champion {(HigherIsBetter ? "-" : "+")} {MaximumDegradation}");
        if (context.Champion is not { } champion || champion.Version == context.Candidate.Version)
        {
            return ValueTask.FromResult(GateResult.Pass(Name, "there is no other champion to compare with", threshold: threshold));
        }

        if (!context.Candidate.Metrics.TryGetValue(Metric, out var candidate) || !champion.Metrics.TryGetValue(Metric, out var incumbent))
        {
            var missing = context.Candidate.Metrics.ContainsKey(Metric) ? $"champion version {champion.Version}" : $"version {context.Candidate.Version}";
            return ValueTask.FromResult(GateResult.Fail(Name, $"{missing} has no metric '{Metric}' to compare", threshold: threshold));
        }

        var figures = new Dictionary<string, double> { ["candidate"] = candidate, ["champion"] = incumbent };
        var degradation = HigherIsBetter ? incumbent - candidate : candidate - incumbent;
        figures["degradation"] = degradation;
        return ValueTask.FromResult(double.IsNaN(degradation) || degradation > MaximumDegradation
            ? GateResult.Fail(Name, string.Create(CultureInfo.InvariantCulture,
                $"{Metric} {candidate:0.####} is {degradation:0.####} worse than champion version {champion.Version}'s {incumbent:0.####}; at most {MaximumDegradation} is allowed"), figures, threshold)
            : GateResult.Pass(Name, string.Create(CultureInfo.InvariantCulture,
                $"{Metric} {candidate:0.####} against champion version {champion.Version}'s {incumbent:0.####}"), figures, threshold));
    }
}
