namespace ModelOps.Sdk.Scoring;

/// <summary>
/// What a scorer is serving and how its last load went; also reported as a health check.
/// </summary>
/// <param name="Serving">The version serving calls, or <see langword="null"/> before the first successful load.</param>
/// <param name="ServingSince">When that version started serving.</param>
/// <param name="LastLoadError">Why the last load failed, or <see langword="null"/> if it succeeded.</param>
/// <param name="LastFailedVersion">The version whose load failed last, if any.</param>
/// <param name="LastErrorAt">When the last load failed.</param>
public sealed record ScorerStatus(
    ServedModel? Serving,
    DateTimeOffset? ServingSince,
    string? LastLoadError,
    int? LastFailedVersion,
    DateTimeOffset? LastErrorAt);
