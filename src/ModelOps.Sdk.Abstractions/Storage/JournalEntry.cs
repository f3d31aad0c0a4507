namespace ModelOps.Sdk.Storage;

/// <summary>
/// One record of the metadata journal. A metadata store keeps these verbatim and never interprets <see cref="Payload"/>.
/// </summary>
/// <remarks>
/// The registry's whole metadata (versions, aliases and their history, lifecycle states, documents) is the fold of the journal,
/// and the journal is also the audit log: <see cref="Hash"/> chains each entry to the one before it in its scope.
/// A store must return every field exactly as it was appended, byte for byte, or audit verification will report the entry as altered.
/// </remarks>
public sealed record JournalEntry
{
    /// <summary>Gets the scope (the chain): a model's name, or <see cref="Audit.AuditScopes.Registry"/>.</summary>
    public required string Scope { get; init; }

    /// <summary>Gets the entry's 0-based position in its scope, set by the registry before appending.</summary>
    public required long Index { get; init; }

    /// <summary>
    /// Gets the registry-wide sequence number: 0 when handed to <see cref="IModelMetadataStore.AppendAsync"/>, and assigned by the store
    /// on commit, increasing by exactly 1 per committed entry across all scopes.
    /// </summary>
    public long Sequence { get; init; }

    /// <summary>Gets when the entry was created (UTC).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Gets the kind of change, for example <c>version.registered</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>Gets the change itself as a JSON document; opaque to the store.</summary>
    public required string Payload { get; init; }

    /// <summary>Gets the hash of the previous entry in the scope (lowercase hexadecimal).</summary>
    public required string PreviousHash { get; init; }

    /// <summary>Gets this entry's hash (lowercase hexadecimal SHA-256).</summary>
    public required string Hash { get; init; }

    /// <summary>Gets the Base64 signature over the hash, if entries are signed.</summary>
    public string? Signature { get; init; }

    /// <summary>Gets the id of the signing key.</summary>
    public string? KeyId { get; init; }
}
