using ModelOps.Sdk.Monitoring.Reports;

namespace ModelOps.Sdk.Reporting;

/// <summary>
/// One instance's concept-drift status for a version: the detectors' states in the latest window that instance saved with labelled
/// outcomes. Concept drift is never merged across instances: a detector's state follows the order of one instance's outcomes and
/// is not a sum, so the report shows each instance's own.
/// </summary>
/// <param name="Version">The version monitored.</param>
/// <param name="InstanceId">The instance that ran the detectors.</param>
/// <param name="WindowEndedAt">When the window whose report carries the states ended.</param>
/// <param name="Detectors">The detectors' states, as the instance's report has them.</param>
public sealed record InstanceConceptDrift(int Version, string InstanceId, DateTimeOffset WindowEndedAt, IReadOnlyList<ConceptDriftStatus> Detectors);
