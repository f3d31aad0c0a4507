namespace ModelOps.Sdk.Reporting;

/// <summary>The monitoring state of a model's champion version in the report's period.</summary>
/// <param name="Version">The champion's version, or <see langword="null"/> when there is no champion.</param>
/// <param name="WindowCount">How many stored windows of that version lie in the period.</param>
/// <param name="Latest">The latest window in the period, or <see langword="null"/> when there is none.</param>
/// <param name="LastDataAt">When the latest stored window of that version ended, in or before the period, or <see langword="null"/> when it never had one.</param>
/// <param name="DriftSince">When the unbroken run of drifted windows that ends with <paramref name="Latest"/> started, or <see langword="null"/> when the latest window did not drift.</param>
public sealed record MonitoringStatus(int? Version, int WindowCount, StoredMonitoringWindow? Latest, DateTimeOffset? LastDataAt, DateTimeOffset? DriftSince);
