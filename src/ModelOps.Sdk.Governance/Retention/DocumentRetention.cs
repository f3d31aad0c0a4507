namespace ModelOps.Sdk.Governance.Retention;

/// <summary>
/// How long the revisions of one kind of growing document are kept (<see cref="RetentionPolicyDocument.MonitoringReports"/>,
/// <see cref="RetentionPolicyDocument.ExperimentStatistics"/>). A revision goes when it exceeds a limit, unless a protection keeps
/// it (it is the latest revision of its name, it is governance evidence, or it lies within the report's history window).
/// </summary>
/// <param name="MaxAge">Revisions attached longer ago than this go; <see langword="null"/> for no age limit.</param>
/// <param name="KeepLast">At each place (a version, or the model), the newest this many revisions of the kind are kept and older ones go; <see langword="null"/> for no count limit.</param>
public sealed record DocumentRetention(TimeSpan? MaxAge, int? KeepLast);
