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
/// scope broken (<see cref="ScopeHead.Break"/>): unless broken chains are served, the
/// scope is then refused by <see cref="Find"/> (reads and writes), hidden from <see cref="Models"/> and from the lock-free lookup,
/// and its alias changes are not published to watchers. What the checks cannot see without an anchor is the end of a chain cut off
/// (truncation) or a tail recomputed by someone without the signing key when no key is set.
/// <para>
/// With a store that reads one scope (<see cref="IJournalScopeReader"/>) the replica folds lazily: a scope is folded when the
/// registry first uses it (<see cref="Fold"/>, from the scope's own entries), and from then on the journal's tail keeps it current;
/// entries of scopes that are not folded only update the registry-wide index (<see cref="ScopeSummary"/>: chain head, version count,
/// aliases), once it is built. Both are checked entry by entry the same way, so a broken chain is refused whether the scope is folded
/// or only listed. Memory is then in proportion to the scopes an instance uses, plus a few hundred bytes per model once the index exists.
/// </para>
/// </remarks>
internal sealed partial class RegistryReplica
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ModelState> _models = new(StringComparer.Ordinal);
    private readonly ILogger _logger;
    private readonly IAuditSigner? _signer;
    private readonly bool _serveBrokenChains;
    private readonly bool _verifyChains;
    private readonly bool _foldsLazily;

    /// <summary>With lazy folding: the scopes folded so far, with or without entries (a model not registered yet is folded empty).</summary>
    private readonly HashSet<string> _folded = new(StringComparer.Ordinal);

    /// <summary>With lazy folding: scopes watched before they were folded, with the last sequence seen when the watch began.</summary>
    private readonly Dictionary<string, long> _pendingFolds = new(StringComparer.Ordinal);

    /// <summary>With lazy folding: the registry-wide index of every scope, built on the first question across models.</summary>
    private Dictionary<string, ScopeSummary>? _index;
    private bool _indexComplete;

    /// <summary>Models by name, read without the lock on the alias fast path; values are only added, never removed.</summary>
    private volatile Dictionary<string, ModelState> _modelTable = new(StringComparer.Ordinal);

    /// <param name="logger">Where breaks and unreadable entries are logged.</param>
    /// <param name="signer">The signer whose signatures every entry must carry, or <see langword="null"/> when entries are not signed.</param>
    /// <param name="serveBrokenChains">Serve a broken scope (logging the break) instead of refusing it.</param>
    /// <param name="verifyChains">
    /// Whether to check entries at all. The registry always does; only the cold-open benchmark turns it off, as the baseline that the
    /// cost of the checks is measured against.
    /// </param>
    /// <param name="foldsLazily">
    /// Fold a scope only when <see cref="Fold"/> is called for it (the store can read one scope: <see cref="IJournalScopeReader"/>);
    /// otherwise every scope is folded as the journal is applied.
    /// </param>
    public RegistryReplica(ILogger logger, IAuditSigner? signer = null, bool serveBrokenChains = false, bool verifyChains = true, bool foldsLazily = false)
    {
        _logger = logger;
        _signer = signer;
        _serveBrokenChains = serveBrokenChains;
        _verifyChains = verifyChains;
        _foldsLazily = foldsLazily;
    }

    public long LastSequence { get; private set; }

    public Lock Gate => _gate;

    /// <summary>Gets a value indicating whether scopes are folded on first use rather than all at once.</summary>
    public bool FoldsLazily => _foldsLazily;

    /// <summary>Gets a value indicating whether the registry-wide index is complete (always, when folding eagerly).</summary>
    public bool HasIndex
    {
        get
        {
            lock (_gate)
            {
                return !_foldsLazily || _indexComplete;
            }
        }
    }

    /// <summary>Looks up a model without taking the lock (alias fast path); <see langword="null"/> for a refused (broken) scope too.</summary>
    public ModelState? FindModelLockFree(string name) =>
        _modelTable.GetValueOrDefault(name) is { } model && (model.Break is null || _serveBrokenChains) ? model : null;

    /// <summary>Tells whether a scope is folded (always, when folding eagerly).</summary>
    public bool IsFolded(string scope)
    {
        if (!_foldsLazily)
        {
            return true;
        }

        lock (_gate)
        {
            return _folded.Contains(scope);
        }
    }

    /// <summary>Gets a scope's state; call under <see cref="Gate"/>, after the scope was folded.</summary>
    /// <exception cref="AuditChainBrokenException">The scope's chain is broken and broken chains are not served.</exception>
    public ModelState? Find(string scope)
    {
        if (_foldsLazily && !_folded.Contains(scope))
        {
            // A read path that forgot to fold the scope first would answer "not found" for a model that exists.
            throw new InvalidOperationException($"Scope '{scope}' was read before it was folded.");
        }

        var model = _models.GetValueOrDefault(scope);
        if (model?.Break is { } broken && !_serveBrokenChains)
        {
            throw broken.ToException();
        }

        return model;
    }

    /// <summary>Gets all folded model scopes, without refused (broken) ones; call under <see cref="Gate"/>.</summary>
    public IEnumerable<ModelState> Models =>
        _models.Values.Where(m => m.Scope != AuditScopes.Registry && (m.Break is null || _serveBrokenChains));

    /// <summary>
    /// Gets every model with at least one version, in name order, without refused (broken) ones: from the folded state where a model is
    /// folded, from the index otherwise; call under <see cref="Gate"/>, with <see cref="HasIndex"/> true.
    /// </summary>
    public IEnumerable<RegisteredModel> ListModels()
    {
        if (!_foldsLazily)
        {
            return Models.Where(m => m.Versions.Count > 0).OrderBy(m => m.Scope, StringComparer.Ordinal).Select(ToRegisteredModel);
        }

        return _index!.Values
            .Where(s => s.Scope != AuditScopes.Registry)
            .Select(s => _models.TryGetValue(s.Scope, out var model) ? (RegisteredModel?)(model.Break is null || _serveBrokenChains ? ToRegisteredModel(model) : null)
                : s.Break is null || _serveBrokenChains ? new RegisteredModel(s.Scope, s.VersionCount, new Dictionary<string, int>(s.Aliases, StringComparer.Ordinal), s.CreatedAt, s.UpdatedAt) : null)
            .OfType<RegisteredModel>()
            .Where(m => m.LatestVersion > 0)
            .OrderBy(m => m.Name, StringComparer.Ordinal);
    }

    /// <summary>Gets the names of every model scope in the index, in name order; call under <see cref="Gate"/>, with <see cref="HasIndex"/> true.</summary>
    public IReadOnlyList<string> ModelNames() =>
        (_foldsLazily ? (IEnumerable<string>)_index!.Keys : _models.Keys).Where(k => k != AuditScopes.Registry).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Gets the scopes whose chain is broken, folded or only indexed; call under <see cref="Gate"/>.</summary>
    public IEnumerable<ChainBreak> Breaks => _models.Values.Select(m => m.Break)
        .Concat((_index?.Values ?? Enumerable.Empty<ScopeSummary>()).Where(s => !_models.ContainsKey(s.Scope)).Select(s => s.Break))
        .OfType<ChainBreak>();

    /// <summary>
    /// With lazy folding, sets where the journal is read from when the replica starts without folding anything: the store's last
    /// sequence. Scopes are then folded from their own reads, and the journal's tail from here on keeps them current.
    /// </summary>
    public void StartAt(long sequence)
    {
        lock (_gate)
        {
            LastSequence = Math.Max(LastSequence, sequence);
        }
    }

    /// <summary>
    /// With lazy folding, records that a scope is watched before it is folded, so that folding it publishes the alias changes committed
    /// since; returns <see langword="true"/> when the scope still needs folding.
    /// </summary>
    public bool RequestFold(string scope)
    {
        if (!_foldsLazily)
        {
            return false;
        }

        lock (_gate)
        {
            if (_folded.Contains(scope))
            {
                return false;
            }

            _pendingFolds.TryAdd(scope, LastSequence);
            return true;
        }
    }

    /// <summary>Gets the scopes watched before they were folded.</summary>
    public IReadOnlyList<string> PendingFolds()
    {
        lock (_gate)
        {
            return [.. _pendingFolds.Keys];
        }
    }

    /// <summary>Starts the registry-wide index: the entries applied until <see cref="CompleteIndex"/> (the journal from the start) fill it.</summary>
    public void BeginIndex()
    {
        lock (_gate)
        {
            _index = new Dictionary<string, ScopeSummary>(StringComparer.Ordinal);
            _indexComplete = false;
        }
    }

    /// <summary>Marks the index complete, or drops a partial one when reading the journal failed.</summary>
    public void CompleteIndex(bool complete)
    {
        lock (_gate)
        {
            _indexComplete = complete;
            if (!complete)
            {
                _index = null;
            }
        }
    }

    /// <summary>
    /// Applies committed entries of all scopes in sequence order (the journal's tail, or the journal from the start while the index is
    /// built) and returns the alias changes they made to folded scopes. An entry goes to its folded scope, if any, and to the index, if
    /// one is kept; an entry of a scope that is not folded only updates the index.
    /// </summary>
    public IReadOnlyList<AliasChange> Apply(IReadOnlyList<JournalEntry> entries)
    {
        lock (_gate)
        {
            var batch = new Batch(entries);
            for (var position = 0; position < entries.Count; position++)
            {
                var entry = entries[position];
                var isNew = entry.Sequence > LastSequence;
                if (isNew)
                {
                    if (entry.Sequence != LastSequence + 1)
                    {
                        LogSequenceGap(_logger, LastSequence, entry.Sequence);
                    }

                    LastSequence = entry.Sequence;
                }

                if (_models.TryGetValue(entry.Scope, out var model))
                {
                    ApplyToModel(batch, model, position);
                }
                else if (isNew && (!_foldsLazily || _folded.Contains(entry.Scope)))
                {
                    // A scope new to the journal, or one folded while it was empty: it starts here, at its first entry.
                    model = new ModelState(entry.Scope) { CreatedAt = entry.Timestamp };
                    _models[entry.Scope] = model;
                    batch.Added = true;
                    ApplyToModel(batch, model, position);
                }

                if (_index is not null)
                {
                    if (!_index.TryGetValue(entry.Scope, out var summary))
                    {
                        _index[entry.Scope] = summary = new ScopeSummary(entry.Scope) { CreatedAt = entry.Timestamp };
                    }

                    ApplyToSummary(batch, summary, position);
                }
            }

            return Complete(batch);
        }
    }

    /// <summary>
    /// Folds one scope from its own entries (read from index 0) and keeps it folded: the journal's tail keeps it current from here on.
    /// Returns the alias changes committed after the scope was first watched (or after the replica's last sequence), so a watcher that
    /// began before the fold misses none; <see langword="null"/> when the scope was already folded.
    /// </summary>
    public IReadOnlyList<AliasChange>? Fold(string scope, IReadOnlyList<JournalEntry> entries) =>
        Install(scope, entries.Count > 0 ? new ModelState(scope) { CreatedAt = entries[0].Timestamp } : null, entries);

    /// <summary>
    /// Keeps <paramref name="model"/> (new, or restored from a checkpoint) as the folded state of <paramref name="scope"/> and applies
    /// <paramref name="entries"/> to it, checked from the model's head on. Alias changes committed after the scope was first watched
    /// (or after the replica's last sequence) are returned, those the model already held included.
    /// </summary>
    private List<AliasChange>? Install(string scope, ModelState? model, IReadOnlyList<JournalEntry> entries)
    {
        lock (_gate)
        {
            if (!_folded.Add(scope))
            {
                return null;
            }

            var publishAfter = _pendingFolds.Remove(scope, out var since) ? since : LastSequence;
            var batch = new Batch(entries);
            if (model is not null)
            {
                _models[scope] = model;
                batch.Added = true;
                var held = model.Aliases.Values.SelectMany(a => a.History).Where(c => c.Sequence > publishAfter).OrderBy(c => c.Sequence).ToList();
                if (held.Count > 0)
                {
                    batch.Changes = held;
                }

                for (var position = 0; position < entries.Count; position++)
                {
                    ApplyToModel(batch, model, position);
                }
            }

            var changes = Complete(batch);
            changes.RemoveAll(c => c.Sequence <= publishAfter);
            return changes;
        }
    }

    /// <summary>
    /// Folds one scope from its own entries into a state the replica does not keep, checked the same way (for a search across models
    /// that must not keep every scope in memory); <see langword="null"/> when the scope has no entries.
    /// </summary>
    public ModelState? FoldDetached(string scope, IReadOnlyList<JournalEntry> entries)
    {
        if (entries.Count == 0)
        {
            return null;
        }

        var model = new ModelState(scope) { CreatedAt = entries[0].Timestamp };
        var batch = new Batch(entries) { Detached = true };
        for (var position = 0; position < entries.Count; position++)
        {
            ApplyToModel(batch, model, position);
        }

        VerifyBatchSignatures(batch);
        return model;
    }

    private void ApplyToModel(Batch batch, ModelState model, int position)
    {
        var entry = batch.Entries[position];
        if (entry.Sequence <= model.AppliedSequence)
        {
            return;
        }

        Advance(batch, model, position);

        try
        {
            var change = ApplyOne(model, entry);
            if (change is not null)
            {
                (batch.Changes ??= []).Add(change);
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            if (!batch.Detached)
            {
                LogUnreadableEntry(_logger, entry.Scope, entry.Index, entry.Kind, ex);
            }
        }
    }

    private void ApplyToSummary(Batch batch, ScopeSummary summary, int position)
    {
        var entry = batch.Entries[position];
        if (entry.Sequence <= summary.AppliedSequence)
        {
            return;
        }

        Advance(batch, summary, position);

        try
        {
            Summarize(summary, entry);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            if (!_models.ContainsKey(summary.Scope))
            {
                LogUnreadableEntry(_logger, entry.Scope, entry.Index, entry.Kind, ex);
            }
        }
    }

    /// <summary>Checks an entry against its scope's head (recording a break) and moves the head past it.</summary>
    private void Advance(Batch batch, ScopeHead head, int position)
    {
        var entry = batch.Entries[position];
        if (_verifyChains && head.Break is null)
        {
            if (Check(head, entry) is { } chainBreak)
            {
                head.Break = chainBreak;
                (batch.Broken ??= []).Add(head);
            }
            else if (_signer is not null)
            {
                batch.Signed[head] = (batch.Signed.TryGetValue(head, out var signed) ? signed.First : position, entry);
            }
        }

        head.Length = Math.Max(head.Length, entry.Index + 1);
        head.HeadHash = entry.Hash;
        head.UpdatedAt = entry.Timestamp;
        head.AppliedSequence = entry.Sequence;
    }

    private void VerifyBatchSignatures(Batch batch)
    {
        foreach (var (head, signed) in batch.Signed)
        {
            if (VerifySignatures(head, batch.Entries, signed.First, signed.Newest) is { } forged)
            {
                if (head.Break is null)
                {
                    (batch.Broken ??= []).Add(head);
                }

                head.Break = forged;
            }
        }
    }

    /// <summary>Verifies the batch's signatures, logs new breaks, publishes the lock-free table, and returns the changes to publish.</summary>
    private List<AliasChange> Complete(Batch batch)
    {
        if (batch.Added)
        {
            _modelTable = new Dictionary<string, ModelState>(_models, StringComparer.Ordinal);
        }

        VerifyBatchSignatures(batch);
        foreach (var head in batch.Broken ?? [])
        {
            // A scope that is folded and indexed breaks in both; it is reported once, by its folded state.
            if (head is ScopeSummary && _models.ContainsKey(head.Scope))
            {
                continue;
            }

            LogBreak(head.Break!);
        }

        var changes = batch.Changes;

        // Watchers of a refused scope are not told of moves they could not resolve.
        if (batch.Broken is not null && !_serveBrokenChains)
        {
            changes?.RemoveAll(c => _models[c.ModelName].Break is not null);
        }

        return changes ?? [];
    }

    private void LogBreak(ChainBreak chainBreak) =>
        LogChainBroken(_logger, chainBreak.Scope, chainBreak.Index, chainBreak.Kind, chainBreak.Detail, chainBreak.Sequence,
            _serveBrokenChains ? "it is served as stored because ModelOpsOptions.ServeBrokenAuditChains is set" : "it is refused (AuditChainBrokenException) until the store is restored");

    private static RegisteredModel ToRegisteredModel(ModelState m) => new(
        m.Scope,
        m.Versions.Count,
        m.AliasTable.Values.ToDictionary(a => a.Alias, a => a.Version, StringComparer.Ordinal),
        m.CreatedAt,
        m.UpdatedAt);

    /// <summary>What the index keeps of an entry: versions are counted and aliases followed; nothing else is read.</summary>
    private static void Summarize(ScopeSummary summary, JournalEntry entry)
    {
        switch (entry.Kind)
        {
            case JournalKinds.VersionRegistered:
                summary.VersionCount++;
                break;
            case JournalKinds.AliasMoved:
            case JournalKinds.AliasRolledBack:
            case JournalKinds.AliasDeleted:
            {
                var payload = JsonSerializer.Deserialize(entry.Payload, ModelOpsJsonContext.Default.JournalPayload)
                    ?? throw new JsonException("The payload is null.");
                var alias = payload.Alias ?? throw new JsonException("The alias is missing.");
                if (payload.After is { ValueKind: JsonValueKind.Number } after && entry.Kind != JournalKinds.AliasDeleted)
                {
                    summary.Aliases[alias] = after.GetInt32();
                }
                else
                {
                    summary.Aliases.Remove(alias);
                }

                break;
            }
        }
    }

    /// <summary>
    /// Checks that an entry continues its scope's chain: index, link, content hash and (with a signer) that it is signed; the signature
    /// itself is verified by <see cref="VerifySignatures"/>.
    /// </summary>
    private ChainBreak? Check(ScopeHead model, JournalEntry entry)
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
    private ChainBreak? VerifySignatures(ScopeHead model, IReadOnlyList<JournalEntry> entries, int first, JournalEntry newest)
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

            case JournalKinds.VersionPurged:
            {
                var purge = new PurgeRecord(entry.Timestamp, payload.Actor, payload.Reason, entry.Sequence);
                Replace(model, payload.Version, v => v with { Purged = purge, Sequence = entry.Sequence });
                return null;
            }

            case JournalKinds.DocumentPurged:
            {
                var purged = payload.After!.Value.Deserialize(ModelOpsJsonContext.Default.ModelDocument)
                    ?? throw new JsonException("The document record is null.");
                var at = model.Documents.FindIndex(d => d.Version == purged.Version && d.Revision == purged.Revision
                    && string.Equals(d.Kind, purged.Kind, StringComparison.Ordinal) && string.Equals(d.Name, purged.Name, StringComparison.Ordinal));
                if (at < 0)
                {
                    throw new KeyNotFoundException($"Document '{purged.Kind}/{purged.Name}' revision {purged.Revision} is not attached.");
                }

                model.Documents[at] = model.Documents[at] with { Purged = new PurgeRecord(entry.Timestamp, payload.Actor, payload.Reason, entry.Sequence) };
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

    /// <summary>What one application of entries collects: changes to publish, scopes that broke, and where signatures are verified.</summary>
    private sealed class Batch(IReadOnlyList<JournalEntry> entries)
    {
        public IReadOnlyList<JournalEntry> Entries { get; } = entries;

        /// <summary>A fold the replica does not keep (a search): nothing is logged.</summary>
        public bool Detached { get; init; }

        public bool Added { get; set; }

        public List<AliasChange>? Changes { get; set; }

        public List<ScopeHead>? Broken { get; set; }

        /// <summary>With a signer: where each scope's entries in this batch start, and its newest entry, whose signature is verified.</summary>
        public Dictionary<ScopeHead, (int First, JournalEntry Newest)> Signed { get; } = [];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The journal jumped from sequence {Last} to {Next}; entries in between were not delivered by the store.")]
    private static partial void LogSequenceGap(ILogger logger, long last, long next);

    [LoggerMessage(Level = LogLevel.Error, Message = "The audit chain of '{Scope}' is broken at entry {Index} ({Kind}, sequence {Sequence}): {Detail} The registry's state of this scope is not vouched for; {Consequence}. Locate the damage with VerifyAuditLogAsync (modelops audit verify).")]
    private static partial void LogChainBroken(ILogger logger, string scope, long index, AuditViolationKind kind, string detail, long sequence, string consequence);

    [LoggerMessage(Level = LogLevel.Error, Message = "Journal entry {Index} of scope '{Scope}' ({Kind}) could not be applied; verify the audit log of this scope.")]
    private static partial void LogUnreadableEntry(ILogger logger, string scope, long index, string kind, Exception exception);
}
