using System.Text.Json;
using Microsoft.Extensions.Logging;
using ModelOps.Sdk.Aliases;
using ModelOps.Sdk.Audit;
using ModelOps.Sdk.Hashing;
using ModelOps.Sdk.Journal;
using ModelOps.Sdk.Storage;

namespace ModelOps.Sdk.Registry;

/// <summary>
/// The in-memory read replica of the registry: the fold of the journal, applied entry by entry in sequence order.
/// </summary>
/// <remarks>
/// Each entry is checked as it is folded, on the first load and on every catch-up alike: its index follows the scope's last entry,
/// its previous hash is that entry's hash, its content hashes to its own hash, and with a signer it carries a signature. With a
/// signer, the newest entry of each scope in every batch also has its signature verified: its hash covers the previous entry's
/// hash, and so on back to the first entry, so a valid signature on it vouches for the content of every entry before it (whoever
/// edits an entry without the key must recompute every later hash, and cannot sign the new head). Verifying every signature would
/// add a keyed hash per entry to cold open for no further protection of content; when the newest signature fails, the batch's
/// signatures are verified one by one to name the first forged entry. The first entry of a scope that fails a check marks the
/// scope broken (<see cref="ModelState.Break"/>): unless broken chains are served, the
/// scope is then refused by <see cref="Find"/> (reads and writes), hidden from <see cref="Models"/> and from the lock-free lookup,
/// and its alias changes are not published to watchers. What the checks cannot see without an anchor is the end of a chain cut off
/// (truncation) or a tail recomputed by someone without the signing key when no key is set.
/// </remarks>
internal sealed partial class RegistryReplica
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ModelState> _models = new(StringComparer.Ordinal);
    private readonly ILogger _logger;
    private readonly IAuditSigner? _signer;
    private readonly bool _serveBrokenChains;
    private readonly bool _verifyChains;

    /// <summary>Models by name, read without the lock on the alias fast path; values are only added, never removed.</summary>
    private volatile Dictionary<string, ModelState> _modelTable = new(StringComparer.Ordinal);

    /// <param name="logger">Where breaks and unreadable entries are logged.</param>
    /// <param name="signer">The signer whose signatures every entry must carry, or <see langword="null"/> when entries are not signed.</param>
    /// <param name="serveBrokenChains">Serve a broken scope (logging the break) instead of refusing it.</param>
    /// <param name="verifyChains">
    /// Whether to check entries at all. The registry always does; only the cold-open benchmark turns it off, as the baseline that the
    /// cost of the checks is measured against.
    /// </param>
    public RegistryReplica(ILogger logger, IAuditSigner? signer = null, bool serveBrokenChains = false, bool verifyChains = true)
    {
        _logger = logger;
        _signer = signer;
        _serveBrokenChains = serveBrokenChains;
        _verifyChains = verifyChains;
    }

    public long LastSequence { get; private set; }

    public Lock Gate => _gate;

    /// <summary>Looks up a model without taking the lock (alias fast path); <see langword="null"/> for a refused (broken) scope too.</summary>
    public ModelState? FindModelLockFree(string name) =>
        _modelTable.GetValueOrDefault(name) is { } model && (model.Break is null || _serveBrokenChains) ? model : null;

    /// <summary>Gets a scope's state; call under <see cref="Gate"/>.</summary>
    /// <exception cref="AuditChainBrokenException">The scope's chain is broken and broken chains are not served.</exception>
    public ModelState? Find(string scope)
    {
        var model = _models.GetValueOrDefault(scope);
        if (model?.Break is { } broken && !_serveBrokenChains)
        {
            throw broken.ToException();
        }

        return model;
    }

    /// <summary>Gets all model scopes, without refused (broken) ones; call under <see cref="Gate"/>.</summary>
    public IEnumerable<ModelState> Models =>
        _models.Values.Where(m => m.Scope != AuditScopes.Registry && (m.Break is null || _serveBrokenChains));

    /// <summary>Gets the scopes whose chain is broken; call under <see cref="Gate"/>.</summary>
    public IEnumerable<ChainBreak> Breaks => _models.Values.Select(m => m.Break).OfType<ChainBreak>();

    /// <summary>Applies committed entries in sequence order and returns the alias changes they made.</summary>
    public IReadOnlyList<AliasChange> Apply(IReadOnlyList<JournalEntry> entries)
    {
        List<AliasChange>? changes = null;
        lock (_gate)
        {
            var added = false;
            List<ModelState>? broken = null;

            // With a signer: where each scope's entries in this batch start, and its newest entry, whose signature is verified below.
            Dictionary<ModelState, (int First, JournalEntry Newest)>? signed = _verifyChains && _signer is not null ? [] : null;
            for (var position = 0; position < entries.Count; position++)
            {
                var entry = entries[position];
                if (entry.Sequence <= LastSequence)
                {
                    continue;
                }

                if (entry.Sequence != LastSequence + 1)
                {
                    LogSequenceGap(_logger, LastSequence, entry.Sequence);
                }

                LastSequence = entry.Sequence;
                if (!_models.TryGetValue(entry.Scope, out var model))
                {
                    model = new ModelState(entry.Scope) { CreatedAt = entry.Timestamp };
                    _models[entry.Scope] = model;
                    added = true;
                }

                if (_verifyChains && model.Break is null)
                {
                    if (Check(model, entry) is { } chainBreak)
                    {
                        model.Break = chainBreak;
                        (broken ??= []).Add(model);
                    }
                    else if (signed is not null)
                    {
                        signed[model] = (signed.TryGetValue(model, out var batch) ? batch.First : position, entry);
                    }
                }

                model.Length = Math.Max(model.Length, entry.Index + 1);
                model.HeadHash = entry.Hash;
                model.UpdatedAt = entry.Timestamp;
                try
                {
                    var change = ApplyOne(model, entry);
                    if (change is not null)
                    {
                        (changes ??= []).Add(change);
                    }
                }
                catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
                {
                    LogUnreadableEntry(_logger, entry.Scope, entry.Index, entry.Kind, ex);
                }
            }

            if (added)
            {
                _modelTable = new Dictionary<string, ModelState>(_models, StringComparer.Ordinal);
            }

            foreach (var (model, batch) in signed ?? [])
            {
                if (VerifySignatures(model, entries, batch.First, batch.Newest) is { } forged)
                {
                    if (model.Break is null)
                    {
                        (broken ??= []).Add(model);
                    }

                    model.Break = forged;
                }
            }

            foreach (var model in broken ?? [])
            {
                var chainBreak = model.Break!;
                LogChainBroken(_logger, chainBreak.Scope, chainBreak.Index, chainBreak.Kind, chainBreak.Detail, chainBreak.Sequence,
                    _serveBrokenChains ? "it is served as stored because ModelOpsOptions.ServeBrokenAuditChains is set" : "it is refused (AuditChainBrokenException) until the store is restored");
            }

            // Watchers of a refused scope are not told of moves they could not resolve.
            if (broken is not null && !_serveBrokenChains)
            {
                changes?.RemoveAll(c => _models[c.ModelName].Break is not null);
            }
        }

        return (IReadOnlyList<AliasChange>?)changes ?? [];
    }

    /// <summary>
    /// Checks that an entry continues its scope's chain: index, link, content hash and (with a signer) that it is signed; the signature
    /// itself is verified by <see cref="VerifySignatures"/>.
    /// </summary>
    private ChainBreak? Check(ModelState model, JournalEntry entry)
    {
        if (entry.Index != model.Length)
        {
            return entry.Index > model.Length
                ? new(entry.Scope, entry.Index, entry.Sequence, AuditViolationKind.EntryMissing,
                    entry.Index - model.Length == 1
                        ? $"entry {model.Length} before it is missing: it was removed."
                        : $"entries {model.Length} to {entry.Index - 1} before it are missing: they were removed.")
                : new(entry.Scope, entry.Index, entry.Sequence, AuditViolationKind.EntryInserted,
                    $"it repeats index {entry.Index} after the chain reached {model.Length} entries: it was inserted.");
        }

        if (!string.Equals(entry.PreviousHash, model.HeadHash, StringComparison.Ordinal))
        {
            return new(entry.Scope, entry.Index, entry.Sequence, AuditViolationKind.BrokenLink,
                "it does not link to the hash of the entry before it: the chain was altered.");
        }

        if (!AuditChain.HashMatches(entry))
        {
            return new(entry.Scope, entry.Index, entry.Sequence, AuditViolationKind.ContentAltered,
                $"its content ({entry.Kind}) does not match its hash: it was edited.");
        }

        if (_signer is null)
        {
            return null;
        }

        if (entry.Signature is null || entry.KeyId is null)
        {
            return new(entry.Scope, entry.Index, entry.Sequence, AuditViolationKind.SignatureMissing,
                "it is not signed although ModelOpsOptions.AuditSigningKey is set.");
        }

        return null;
    }

    /// <summary>
    /// Verifies the signature of a scope's newest entry in a batch, whose hash and links <see cref="Check"/> has checked back to the
    /// entries before the batch (vouched for by the newest signature of an earlier batch). When it fails, or the scope broke in this
    /// batch, the scope's signatures in the batch are verified one by one, up to its break, so the first forged entry is named.
    /// </summary>
    /// <returns>The first entry whose signature fails, or <see langword="null"/> when the batch's content is vouched for.</returns>
    private ChainBreak? VerifySignatures(ModelState model, IReadOnlyList<JournalEntry> entries, int first, JournalEntry newest)
    {
        if (model.Break is null && SignatureVerifies(newest))
        {
            return null;
        }

        for (var position = first; position < entries.Count; position++)
        {
            var entry = entries[position];
            if (model.Break is { } earlier && entry.Sequence >= earlier.Sequence)
            {
                break;
            }

            if (string.Equals(entry.Scope, model.Scope, StringComparison.Ordinal) && !SignatureVerifies(entry))
            {
                return new(entry.Scope, entry.Index, entry.Sequence, AuditViolationKind.SignatureInvalid,
                    $"its signature does not verify with key '{entry.KeyId}': it was forged or recomputed.");
            }
        }

        return null;
    }

    private bool SignatureVerifies(JournalEntry entry)
    {
        Span<byte> signature = stackalloc byte[64];
        Span<byte> hash = stackalloc byte[32];
        return HashHex.IsSha256Hex(entry.Hash)
            && Convert.FromHexString(entry.Hash, hash, out _, out _) == System.Buffers.OperationStatus.Done
            && Convert.TryFromBase64String(entry.Signature!, signature, out var length)
            && _signer!.Verify(hash, signature[..length], entry.KeyId!);
    }

    private static AliasChange? ApplyOne(ModelState model, JournalEntry entry)
    {
        var payload = JsonSerializer.Deserialize(entry.Payload, ModelOpsJsonContext.Default.JournalPayload)
            ?? throw new JsonException("The payload is null.");
        switch (entry.Kind)
        {
            case JournalKinds.VersionRegistered:
            {
                var version = payload.After!.Value.Deserialize(ModelOpsJsonContext.Default.ModelVersion)
                    ?? throw new JsonException("The version record is null.");
                version = version with
                {
                    Status = ModelVersionStatus.PendingApproval,
                    RegisteredAt = entry.Timestamp,
                    Sequence = entry.Sequence,
                };
                if (version.Version != model.Versions.Count + 1)
                {
                    throw new InvalidOperationException($"Version {version.Version} does not follow version {model.Versions.Count}.");
                }

                model.Versions.Add(version);
                if (version.IdempotencyKey is { } key)
                {
                    model.IdempotencyKeys[key] = version.Version;
                }

                return null;
            }

            case JournalKinds.TagsUpdated:
            {
                var tags = payload.After!.Value.Deserialize(ModelOpsJsonContext.Default.DictionaryStringString) ?? [];
                Replace(model, payload.Version, v => v with { Tags = tags, Sequence = entry.Sequence });
                return null;
            }

            case JournalKinds.DescriptionUpdated:
            {
                var description = payload.After is { ValueKind: JsonValueKind.String } d ? d.GetString() : null;
                Replace(model, payload.Version, v => v with { Description = description, Sequence = entry.Sequence });
                return null;
            }

            case JournalKinds.StatusChanged:
            {
                var status = payload.After!.Value.Deserialize(ModelOpsJsonContext.Default.ModelVersionStatus);
                Replace(model, payload.Version, v => v with { Status = status, Sequence = entry.Sequence });
                return null;
            }

            case JournalKinds.AliasMoved:
            case JournalKinds.AliasRolledBack:
            case JournalKinds.AliasDeleted:
            {
                var alias = payload.Alias ?? throw new JsonException("The alias is missing.");
                var kind = entry.Kind switch
                {
                    JournalKinds.AliasMoved => AliasChangeKind.Moved,
                    JournalKinds.AliasRolledBack => AliasChangeKind.RolledBack,
                    _ => AliasChangeKind.Deleted,
                };
                int? before = payload.Before is { ValueKind: JsonValueKind.Number } b ? b.GetInt32() : null;
                int? after = payload.After is { ValueKind: JsonValueKind.Number } a ? a.GetInt32() : null;
                var change = new AliasChange(model.Scope, alias, kind, before, after, entry.Timestamp, entry.Sequence, payload.Actor, payload.Reason);
                if (!model.Aliases.TryGetValue(alias, out var state))
                {
                    model.Aliases[alias] = state = new AliasState(alias);
                }

                state.Apply(change);
                var table = new Dictionary<string, ModelAlias>(model.AliasTable, StringComparer.Ordinal);
                if (state.Current is { } current)
                {
                    table[alias] = current;
                }
                else
                {
                    table.Remove(alias);
                }

                model.AliasTable = table;
                return change;
            }

            case JournalKinds.DocumentAttached:
            {
                var document = payload.After!.Value.Deserialize(ModelOpsJsonContext.Default.ModelDocument)
                    ?? throw new JsonException("The document record is null.");
                model.Documents.Add(document with { AttachedAt = entry.Timestamp, Sequence = entry.Sequence, AttachedBy = payload.Actor });
                return null;
            }

            default:
                // An entry kind written by a newer library: it still counts in the chain, and this version has nothing to fold.
                return null;
        }
    }

    private static void Replace(ModelState model, int? version, Func<ModelVersion, ModelVersion> update)
    {
        var existing = model.FindVersion(version ?? 0) ?? throw new KeyNotFoundException($"Version {version} is not registered.");
        model.Versions[existing.Version - 1] = update(existing);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The journal jumped from sequence {Last} to {Next}; entries in between were not delivered by the store.")]
    private static partial void LogSequenceGap(ILogger logger, long last, long next);

    [LoggerMessage(Level = LogLevel.Error, Message = "The audit chain of '{Scope}' is broken at entry {Index} ({Kind}, sequence {Sequence}): {Detail} The registry's state of this scope is not vouched for; {Consequence}. Locate the damage with VerifyAuditLogAsync (modelops audit verify).")]
    private static partial void LogChainBroken(ILogger logger, string scope, long index, AuditViolationKind kind, string detail, long sequence, string consequence);

    [LoggerMessage(Level = LogLevel.Error, Message = "Journal entry {Index} of scope '{Scope}' ({Kind}) could not be applied; verify the audit log of this scope.")]
    private static partial void LogUnreadableEntry(ILogger logger, string scope, long index, string kind, Exception exception);
}
