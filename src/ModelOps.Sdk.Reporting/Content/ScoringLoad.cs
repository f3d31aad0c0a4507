namespace ModelOps.Sdk.Reporting;

/// <summary>
/// A version's scoring load, latency and errors in the report's period, from the scorer telemetry every instance saved
/// (<see cref="DocumentKinds.ScorerTelemetrySeries"/>, and <see cref="DocumentKinds.ScorerTelemetry"/> from earlier versions), merged
/// per period across instances.
/// </summary>
/// <param name="Version">The version that served the calls.</param>
/// <param name="PeriodLength">The length of each row of <paramref name="Periods"/>: the saved period (1 hour by default) when the
/// report spans at most <see cref="MaxPeriods"/> of them, else one day (the saved periods of each UTC day merged).</param>
/// <param name="Periods">The periods with telemetry, oldest first, at most the latest <see cref="MaxPeriods"/>.</param>
/// <param name="Total">Every saved period of the report's period merged.</param>
public sealed record ScoringLoad(int Version, TimeSpan PeriodLength, IReadOnlyList<ScoringLoadPeriod> Periods, ScoringLoadPeriod Total)
{
    /// <summary>The most rows a version's scoring load shows: 48 saved periods, else the latest 48 days.</summary>
    public const int MaxPeriods = 48;
}
