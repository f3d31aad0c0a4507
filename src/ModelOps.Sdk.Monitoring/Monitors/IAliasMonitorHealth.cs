using ModelOps.Sdk.Loops;
using ModelOps.Sdk.Monitoring.Reports;

namespace ModelOps.Sdk.Monitoring.Monitors;

/// <summary>What <see cref="Health.ModelMonitorsHealthCheck"/> reads of an <see cref="AliasMonitor{TInput, TOutput}"/>, whatever its types.</summary>
internal interface IAliasMonitorHealth
{
    string ModelName { get; }

    string AliasName { get; }

    int? ServedVersion { get; }

    ModelOpsLoopStatus Status { get; }

    /// <summary>The version monitored now, or null while none is.</summary>
    int? MonitoredVersion { get; }

    /// <summary>When the current version's monitor was created, or null while none is.</summary>
    DateTimeOffset? MonitoredSince { get; }

    /// <summary>The last window's report of the current version's monitor.</summary>
    MonitoringReport? LastReport { get; }

    /// <summary>How long a window lasts, or null when windows close on a row count only.</summary>
    TimeSpan? WindowDuration { get; }
}
