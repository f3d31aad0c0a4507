namespace ModelOps.Sdk.Audit;

/// <summary>
/// The head of an audit chain at a moment, exported to be kept somewhere else (a ticket, a WORM bucket, a signed email).
/// Verifying against an anchor detects a chain that was truncated after the anchor was taken, or recomputed from an earlier point.
/// </summary>
/// <param name="Scope">The chain.</param>
/// <param name="Index">The index of the head entry, or -1 for an empty chain.</param>
/// <param name="Hash">The head entry's hash.</param>
/// <param name="Signature">The head entry's signature, if entries are signed.</param>
/// <param name="KeyId">The id of the signing key.</param>
/// <param name="ExportedAt">When the anchor was exported.</param>
public sealed record AuditAnchor(string Scope, long Index, string Hash, string? Signature, string? KeyId, DateTimeOffset ExportedAt);
