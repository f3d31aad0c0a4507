using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ModelOps.Sdk.Aliases;
using ModelOps.Sdk.Audit;
using ModelOps.Sdk.Registry;
using ModelOps.Sdk.Storage;

namespace ModelOps.Sdk.Checkpoints;

/// <summary>
/// How a scope's folded state becomes a <see cref="ScopeCheckpoint"/> and back: the state's JSON, and the signature over the
/// checkpoint's fields made with the audit signer.
/// </summary>
/// <remarks>
/// The signature covers a SHA-256 digest of an unambiguous, length-prefixed encoding of a domain tag, the format version, the scope,
/// the length, the named entry's hash and the state, signed by the same <see cref="IAuditSigner"/> as the journal's entries (the
/// HMAC key of <see cref="ModelOpsOptions.AuditSigningKey"/>, or a key-vault signer). The domain tag keeps a checkpoint digest from
/// ever being taken for an entry hash: no signature of one verifies as the other.
/// </remarks>
internal static class ScopeCheckpointFormat
{
    /// <summary>The format of <see cref="ScopeCheckpoint.State"/> this library writes and reads.</summary>
    public const int Version = 1;

    private static readonly byte[] DomainTag = "modelops-scope-checkpoint"u8.ToArray();

    /// <summary>Serializes a scope's folded state; call under the replica's lock.</summary>
    public static string Serialize(ModelState model) => JsonSerializer.Serialize(
        new CheckpointState
        {
            CreatedAt = model.CreatedAt,
            UpdatedAt = model.UpdatedAt,
            Versions = model.Versions,
            Aliases = [.. model.Aliases.Values.OrderBy(a => a.Name, StringComparer.Ordinal).Select(a => new CheckpointAlias(a.Name, a.Chain, a.History))],
            Documents = model.Documents,
            IdempotencyKeys = [.. model.IdempotencyKeys.OrderBy(k => k.Key, StringComparer.Ordinal)],
        },
        CheckpointJsonContext.Default.CheckpointState);

    /// <summary>Makes a checkpoint of a serialized state, signed when there is a signer.</summary>
    public static ScopeCheckpoint Create(string scope, long length, string entryHash, string state, IAuditSigner? signer)
    {
        var checkpoint = new ScopeCheckpoint { Scope = scope, Length = length, EntryHash = entryHash, FormatVersion = Version, State = state };
        return signer is null ? checkpoint : checkpoint with { Signature = Convert.ToBase64String(signer.Sign(Digest(checkpoint))), KeyId = signer.KeyId };
    }

    /// <summary>Tells whether a checkpoint carries a signature that verifies over every one of its fields.</summary>
    public static bool SignatureVerifies(ScopeCheckpoint checkpoint, IAuditSigner signer)
    {
        if (checkpoint.Signature is not { } signature || checkpoint.KeyId is not { } keyId)
        {
            return false;
        }

        var bytes = new byte[(signature.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(signature, bytes, out var length) && signer.Verify(Digest(checkpoint), bytes.AsSpan(0, length), keyId);
    }

    /// <summary>
    /// Rebuilds a scope's folded state from a checkpoint whose named entry (<paramref name="head"/>, read from the journal) has been
    /// checked: the state continues the chain from that entry.
    /// </summary>
    /// <exception cref="JsonException">The state does not deserialize, or does not hold what a fold of <see cref="ScopeCheckpoint.Length"/> entries holds.</exception>
    public static ModelState Restore(ScopeCheckpoint checkpoint, JournalEntry head)
    {
        var state = JsonSerializer.Deserialize(checkpoint.State, CheckpointJsonContext.Default.CheckpointState)
            ?? throw new JsonException("The checkpoint's state is null.");
        var model = new ModelState(checkpoint.Scope)
        {
            Length = checkpoint.Length,
            HeadHash = head.Hash,
            AppliedSequence = head.Sequence,
            CreatedAt = state.CreatedAt,
            UpdatedAt = state.UpdatedAt,
            CheckpointedLength = checkpoint.Length,
        };
        foreach (var version in state.Versions)
        {
            if (version is null || version.Version != model.Versions.Count + 1)
            {
                throw new JsonException($"The checkpoint's versions are not numbered 1, 2, 3, ... (at position {model.Versions.Count}).");
            }

            model.Versions.Add(version);
        }

        var table = new Dictionary<string, ModelAlias>(StringComparer.Ordinal);
        foreach (var alias in state.Aliases)
        {
            var restored = AliasState.Restore(alias.Name, alias.Chain, alias.History);
            model.Aliases.Add(alias.Name, restored);
            if (restored.Current is { } current)
            {
                table[alias.Name] = current;
            }
        }

        model.AliasTable = table;
        model.Documents.AddRange(state.Documents);
        foreach (var (key, version) in state.IdempotencyKeys)
        {
            model.IdempotencyKeys.Add(key, version);
        }

        return model;
    }

    private static byte[] Digest(ScopeCheckpoint checkpoint)
    {
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(sha256, DomainTag);
        Append(sha256, Encoding.UTF8.GetBytes(checkpoint.FormatVersion.ToString(CultureInfo.InvariantCulture)));
        Append(sha256, Encoding.UTF8.GetBytes(checkpoint.Scope));
        Append(sha256, Encoding.UTF8.GetBytes(checkpoint.Length.ToString(CultureInfo.InvariantCulture)));
        Append(sha256, Encoding.UTF8.GetBytes(checkpoint.EntryHash));
        Append(sha256, Encoding.UTF8.GetBytes(checkpoint.State));
        return sha256.GetHashAndReset();
    }

    /// <summary>Appends a field as its byte count (little-endian Int32) followed by its bytes, so no two field lists encode alike.</summary>
    private static void Append(IncrementalHash hash, ReadOnlySpan<byte> field)
    {
        Span<byte> prefix = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(prefix, field.Length);
        hash.AppendData(prefix);
        hash.AppendData(field);
    }
}
