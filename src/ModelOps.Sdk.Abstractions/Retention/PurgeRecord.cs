namespace ModelOps.Sdk;

/// <summary>
/// That a version or a document was purged: its bytes are no longer served, while its metadata, hashes and audit trail stay.
/// </summary>
/// <remarks>
/// Purging is recorded in the model's (or the registry's) audit chain as an entry of its own, so the journal stays append-only; the
/// content-addressed bytes become collectable once nothing unpurged references them.
/// </remarks>
/// <param name="PurgedAt">When it was purged (UTC, from the registry's <see cref="TimeProvider"/>).</param>
/// <param name="PurgedBy">The principal that purged it.</param>
/// <param name="Reason">Why, as recorded in the audit chain (for a retention purge, the policy and the rule).</param>
/// <param name="Sequence">The registry-wide sequence number of the purge.</param>
public sealed record PurgeRecord(DateTimeOffset PurgedAt, string PurgedBy, string? Reason, long Sequence);
