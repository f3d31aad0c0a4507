namespace ModelOps.Sdk.Audit;

/// <summary>
/// One entry of an audit chain: a change, who made it, when, why, and the values before and after.
/// </summary>
/// <remarks>
/// Each entry's <see cref="Hash"/> covers its content and the previous entry's hash, so editing, removing, inserting or
/// reordering entries breaks the chain; see <see cref="IModelRegistry.VerifyAuditLogAsync"/>.
/// </remarks>
public sealed record AuditEntry
{
    /// <summary>Gets the chain: a model's name, or <see cref="AuditScopes.Registry"/>.</summary>
    public required string Scope { get; init; }

    /// <summary>Gets the entry's position in its chain, from 0.</summary>
    public required long Index { get; init; }

    /// <summary>Gets the registry-wide sequence number of the change.</summary>
    public required long Sequence { get; init; }

    /// <summary>Gets when the change was committed (UTC).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Gets the operation, for example <c>version.registered</c> or <c>alias.moved</c>.</summary>
    public required string Operation { get; init; }

    /// <summary>Gets the acting principal's name.</summary>
    public required string Actor { get; init; }

    /// <summary>Gets the acting principal's roles at the time.</summary>
    public IReadOnlyList<string> ActorRoles { get; init; } = [];

    /// <summary>Gets why, if the caller said.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the version the change concerns, if any.</summary>
    public int? Version { get; init; }

    /// <summary>Gets the alias the change concerns, if any.</summary>
    public string? Alias { get; init; }

    /// <summary>Gets the value before the change as JSON, if there was one.</summary>
    public string? Before { get; init; }

    /// <summary>Gets the value after the change as JSON, if there is one.</summary>
    public string? After { get; init; }

    /// <summary>
    /// Gets a value indicating whether the change was written by a registry that enforces no governance (no
    /// <see cref="Security.IStoredPolicyEnforcer"/>) while a policy stored in the registry governed its chain. The mark is part of
    /// the hashed entry, so it cannot be removed without breaking the chain; a writer that bypasses the library entirely can omit it.
    /// </summary>
    public bool Ungoverned { get; init; }

    /// <summary>Gets the previous entry's hash (64 zeros for the first entry).</summary>
    public required string PreviousHash { get; init; }

    /// <summary>Gets this entry's hash (lowercase hexadecimal SHA-256).</summary>
    public required string Hash { get; init; }

    /// <summary>Gets the signature over <see cref="Hash"/> (Base64), if entries are signed.</summary>
    public string? Signature { get; init; }

    /// <summary>Gets the id of the key that made <see cref="Signature"/>.</summary>
    public string? KeyId { get; init; }
}
