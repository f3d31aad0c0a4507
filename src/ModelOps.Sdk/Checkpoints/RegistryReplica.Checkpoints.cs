using ModelOps.Sdk.Audit;
using ModelOps.Sdk.Checkpoints;
using ModelOps.Sdk.Storage;

namespace ModelOps.Sdk.Registry;

/// <summary>The replica's side of checkpoints: folding from one, confirming or refusing it later, and capturing a state to write.</summary>
internal sealed partial class RegistryReplica
{
    /// <summary>
    /// Folds a scope from a state restored from a checkpoint and the entries after it, checked from the checkpoint's named entry on,
    /// and keeps it unconfirmed until <see cref="Confirm"/>, <see cref="MarkBroken"/> or <see cref="Refold"/>; <see langword="null"/>
    /// when the scope was already folded.
    /// </summary>
    public IReadOnlyList<AliasChange>? FoldFrom(ModelState restored, IReadOnlyList<JournalEntry> tail)
    {
        restored.Unconfirmed = true;
        return Install(restored.Scope, restored, tail);
    }

    /// <summary>The checkpoint a scope was folded from agrees with the journal: checkpoints may be written from its state again.</summary>
    public void Confirm(string scope)
    {
        lock (_gate)
        {
            if (_models.GetValueOrDefault(scope) is { } model)
            {
                model.Unconfirmed = false;
            }
        }
    }

    /// <summary>
    /// Records a break found in the entries a checkpoint stood in for: the scope is refused from then on, as a fold from its first
    /// entry would have refused it.
    /// </summary>
    public void MarkBroken(ChainBreak chainBreak)
    {
        lock (_gate)
        {
            if (_models.GetValueOrDefault(chainBreak.Scope) is not { } model || model.Break is { } earlier && earlier.Index <= chainBreak.Index)
            {
                return;
            }

            model.Break = chainBreak;
            LogBreak(chainBreak);
        }
    }

    /// <summary>
    /// Replaces a scope's state (folded from a checkpoint that the journal refutes) by the fold of its entries from the first, and
    /// returns, for every alias whose target differs between the two, the alias's last change in the journal, or a deletion when the
    /// journal never had the alias, so that its watchers look again.
    /// </summary>
    public IReadOnlyList<AliasChange> Refold(string scope, IReadOnlyList<JournalEntry> entries)
    {
        lock (_gate)
        {
            var refuted = _models.GetValueOrDefault(scope);
            _models.Remove(scope);
            _folded.Remove(scope);
            Fold(scope, entries);
            _modelTable = new Dictionary<string, ModelState>(_models, StringComparer.Ordinal);
            var actual = _models.GetValueOrDefault(scope);
            var before = refuted?.AliasTable ?? [];
            var after = actual?.AliasTable ?? [];
            var corrections = new List<AliasChange>();
            foreach (var alias in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
            {
                var was = before.GetValueOrDefault(alias)?.Version;
                var now = after.GetValueOrDefault(alias)?.Version;
                if (was == now)
                {
                    continue;
                }

                corrections.Add(actual?.Aliases.GetValueOrDefault(alias)?.History is [.., var last]
                    ? last
                    : new AliasChange(scope, alias, AliasChangeKind.Deleted, was, null, actual?.UpdatedAt ?? default, actual?.AppliedSequence ?? 0, "modelops", "The checkpoint that held this alias was refused."));
            }

            return corrections;
        }
    }

    /// <summary>
    /// Checks a scope's entries as a fold does (index, link, content hash, signature of the newest), folding nothing; returns the first
    /// break, or <see langword="null"/>.
    /// </summary>
    public ChainBreak? CheckChain(string scope, IReadOnlyList<JournalEntry> entries)
    {
        var head = new ScopeSummary(scope);
        var batch = new Batch(entries) { Detached = true };
        for (var position = 0; position < entries.Count; position++)
        {
            Advance(batch, head, position);
        }

        VerifyBatchSignatures(batch);
        return head.Break;
    }

    /// <summary>
    /// Gets the folded scopes among <paramref name="scopes"/> that grew by <paramref name="every"/> entries or more since their last
    /// checkpoint, are not broken and are not waiting for their checkpoint's verification.
    /// </summary>
    public IReadOnlyList<string> DueForCheckpoint(IEnumerable<string> scopes, int every)
    {
        lock (_gate)
        {
            return [.. scopes.Distinct(StringComparer.Ordinal).Where(scope => _models.GetValueOrDefault(scope) is { Break: null, Unconfirmed: false } model
                && model.Length - model.CheckpointedLength >= every)];
        }
    }

    /// <summary>
    /// Captures a scope's state to checkpoint: its length, head hash and serialized state; <see langword="null"/> when the scope is
    /// empty, broken, or folded from a checkpoint not yet verified, since a checkpoint only ever records a state the journal vouches for.
    /// </summary>
    public (long Length, string HeadHash, string State)? CaptureCheckpoint(string scope)
    {
        lock (_gate)
        {
            return _models.GetValueOrDefault(scope) is { Break: null, Unconfirmed: false, Length: > 0 } model
                ? (model.Length, model.HeadHash, ScopeCheckpointFormat.Serialize(model))
                : null;
        }
    }

    /// <summary>Records that a checkpoint of <paramref name="length"/> entries was stored for a scope.</summary>
    public void MarkCheckpointed(string scope, long length)
    {
        lock (_gate)
        {
            if (_models.GetValueOrDefault(scope) is { } model)
            {
                model.CheckpointedLength = Math.Max(model.CheckpointedLength, length);
            }
        }
    }
}
