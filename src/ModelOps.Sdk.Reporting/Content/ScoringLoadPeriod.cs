using ModelOps.Sdk.Telemetry;

namespace ModelOps.Sdk.Reporting;

/// <summary>
/// A version's scoring load, errors and latency over one period, merged from every instance's saved scorer telemetry
/// (<see cref="ScorerTelemetrySnapshot"/>).
/// </summary>
/// <param name="Start">The period's start.</param>
/// <param name="End">The period's end (exclusive).</param>
/// <param name="Calls">Scoring calls, exact (a batch of n inputs counts n).</param>
/// <param name="Errors">Calls that threw, exact.</param>
/// <param name="ErrorRate">The share of calls that threw, or <see langword="null"/> without a call.</param>
/// <param name="CallsPerHour">The load: calls divided by the period's length in hours.</param>
/// <param name="SampledCalls">How many calls were timed (about one in 256): the latency quantiles rest on these.</param>
/// <param name="P50">The median latency estimated from the fixed buckets, or <see langword="null"/> when no call was timed.</param>
/// <param name="P95">The 95th percentile, estimated likewise.</param>
/// <param name="P99">The 99th percentile, estimated likewise.</param>
/// <param name="Instances">The ids of the instances that contributed, in ordinal order.</param>
public sealed record ScoringLoadPeriod(
    DateTimeOffset Start,
    DateTimeOffset End,
    long Calls,
    long Errors,
    double? ErrorRate,
    double CallsPerHour,
    long SampledCalls,
    TimeSpan? P50,
    TimeSpan? P95,
    TimeSpan? P99,
    IReadOnlyList<string> Instances)
{
    /// <summary>Describes a merged snapshot.</summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <returns>Its figures.</returns>
    public static ScoringLoadPeriod From(ScorerTelemetrySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var hours = (snapshot.PeriodEnd - snapshot.PeriodStart).TotalHours;
        return new ScoringLoadPeriod(
            snapshot.PeriodStart,
            snapshot.PeriodEnd,
            snapshot.Calls,
            snapshot.Errors,
            snapshot.ErrorRate,
            hours > 0 ? snapshot.Calls / hours : 0,
            snapshot.Latency.Count,
            snapshot.Latency.EstimateQuantile(0.5),
            snapshot.Latency.EstimateQuantile(0.95),
            snapshot.Latency.EstimateQuantile(0.99),
            snapshot.Instances);
    }
}
