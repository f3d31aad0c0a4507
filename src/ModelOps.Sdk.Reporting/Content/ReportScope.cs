namespace ModelOps.Sdk.Reporting;

/// <summary>
/// What a report covers: every model or one, and a period. The period filters what happened (alias changes, monitoring windows,
/// experiment statistics, versions registered); the current state (aliases, statuses, audit chain) is always today's.
/// </summary>
public sealed record ReportScope
{
    /// <summary>Gets the whole registry, all time.</summary>
    public static ReportScope All { get; } = new();

    /// <summary>Gets the one model to report on, or <see langword="null"/> for every model.</summary>
    public string? ModelName { get; init; }

    /// <summary>Gets the start of the period (inclusive), or <see langword="null"/> for no start.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Gets the end of the period (exclusive), or <see langword="null"/> for up to now.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Gets whether a point in time lies in the period.</summary>
    /// <param name="time">The time.</param>
    /// <returns><see langword="true"/> when <paramref name="time"/> is at or after <see cref="From"/> and before <see cref="To"/>.</returns>
    public bool Contains(DateTimeOffset time) => (From is not { } from || time >= from) && (To is not { } to || time < to);
}
