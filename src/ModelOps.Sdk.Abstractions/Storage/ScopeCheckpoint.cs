namespace ModelOps.Sdk.Storage;

/// <summary>
/// A snapshot of one scope's folded state (a model's versions, aliases and documents), naming the journal entry it folds up to, so
/// that a registry instance starts from it and folds only the entries after it. Derived data: the journal stays the only truth.
/// </summary>
/// <remarks>
/// <para>
/// A store that implements <see cref="IScopeCheckpointStore"/> keeps these verbatim and never interprets <see cref="State"/>. The
/// registry writes them, signs them with the audit key, and verifies them before use: a checkpoint whose signature, scope, format,
/// named entry or state does not verify is ignored (the scope is folded from its first entry) and rewritten, never trusted. See
/// <c>docs/architecture.md</c>, "Checkpoints", for the trust model.
/// </para>
/// </remarks>
public sealed record ScopeCheckpoint
{
    /// <summary>Gets the scope (a model's name, or <see cref="Audit.AuditScopes.Registry"/>) whose state this is.</summary>
    public required string Scope { get; init; }

    /// <summary>Gets how many entries of the scope the state folds: entries 0 to <c>Length - 1</c>.</summary>
    public required long Length { get; init; }

    /// <summary>Gets the hash of the last entry folded (index <c>Length - 1</c>), lowercase hexadecimal.</summary>
    public required string EntryHash { get; init; }

    /// <summary>Gets the version of the format of <see cref="State"/>; a registry ignores a checkpoint in a format it does not write.</summary>
    public required int FormatVersion { get; init; }

    /// <summary>Gets the folded state as the registry serialized it; opaque to the store.</summary>
    public required string State { get; init; }

    /// <summary>
    /// Gets the Base64 signature, with the audit key, over the scope, length, entry hash, format version and state; <see langword="null"/>
    /// when the registry that wrote it had no audit key.
    /// </summary>
    public string? Signature { get; init; }

    /// <summary>Gets the id of the key <see cref="Signature"/> was made with.</summary>
    public string? KeyId { get; init; }
}
