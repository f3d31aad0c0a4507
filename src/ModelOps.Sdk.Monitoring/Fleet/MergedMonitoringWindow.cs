using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Reports;

namespace ModelOps.Sdk.Monitoring.Fleet;

/// <summary>The fleet's window of one period: the saved windows of every instance merged, and the report computed from them.</summary>
/// <param name="ModelName">The model.</param>
/// <param name="ModelVersion">The version monitored.</param>
/// <param name="Period">The aligned period, or <see langword="null"/> for a single unaligned window.</param>
/// <param name="StartedAt">When the earliest merged window started (the period's start for aligned windows).</param>
/// <param name="EndedAt">When the latest merged window ended.</param>
/// <param name="Instances">The ids of the instances whose windows were merged, in ordinal order.</param>
/// <param name="WindowCount">How many saved windows were merged (an instance that closed a window early, at a swap or a stop, may
/// have several in one period).</param>
/// <param name="Profile">The merged profile of every row of the period on every instance.</param>
/// <param name="Report">The report of <paramref name="Profile"/> against the reference, computed with the same statistics code as
/// each instance's report (<see cref="DriftAnalyzer.Analyze"/>).</param>
public sealed record MergedMonitoringWindow(
    string ModelName,
    int ModelVersion,
    MonitoringPeriod? Period,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    IReadOnlyList<string> Instances,
    int WindowCount,
    DataProfile Profile,
    MonitoringReport Report);
