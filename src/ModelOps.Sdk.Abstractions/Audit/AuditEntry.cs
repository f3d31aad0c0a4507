using System.Text.Json;
using ModelOps.Sdk.Storage;

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

    /// <summary>
    /// Reads a journal entry as an audit entry: the entry's chain fields, and the actor, roles, reason, version, alias, values
    /// before and after, and ungoverned mark from its payload. This is how the registry's audit log presents entries, and how
    /// another package (a bundle importer, an auditing tool) reads the journal without depending on its JSON by property name.
    /// </summary>
    /// <param name="entry">The journal entry, as a metadata store returns it.</param>
    /// <returns>
    /// The audit entry. A payload that is not valid JSON of the journal's shape is still returned, with the actor
    /// <c>(unreadable)</c> and no payload fields: verification reports the damage itself.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="entry"/> is <see langword="null"/>.</exception>
    public static AuditEntry FromJournalEntry(JournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        AuditPayloadJson? payload = null;
        try
        {
            payload = JsonSerializer.Deserialize(entry.Payload, AuditPayloadJsonContext.Default.AuditPayloadJson);
        }
        catch (JsonException)
        {
            // A damaged payload is still shown (verification reports it); its fields are just unknown.
        }

        return new AuditEntry
        {
            Scope = entry.Scope,
            Index = entry.Index,
            Sequence = entry.Sequence,
            Timestamp = entry.Timestamp,
            Operation = entry.Kind,
            Actor = payload?.Actor ?? "(unreadable)",
            ActorRoles = payload?.Roles ?? [],
            Reason = payload?.Reason,
            Version = payload?.Version,
            Alias = payload?.Alias,
            Before = payload?.Before?.GetRawText(),
            After = payload?.After?.GetRawText(),
            Ungoverned = payload?.Ungoverned == true,
            PreviousHash = entry.PreviousHash,
            Hash = entry.Hash,
            Signature = entry.Signature,
            KeyId = entry.KeyId,
        };
    }
}
