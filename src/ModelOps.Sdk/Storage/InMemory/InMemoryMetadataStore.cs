using System.Runtime.CompilerServices;

namespace ModelOps.Sdk.Storage.InMemory;

/// <summary>
/// A metadata store that keeps the journal in process memory: for tests, samples and short-lived hosts. Thread-safe; nothing
/// survives the process, and nothing is shared with other processes.
/// </summary>
public sealed class InMemoryMetadataStore : IModelMetadataStore, IJournalScopeReader, IScopeCheckpointStore
{
    private readonly Lock _gate = new();
    private readonly List<JournalEntry> _all = [];
    private readonly Dictionary<string, List<JournalEntry>> _scopes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ScopeCheckpoint> _checkpoints = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public ValueTask<long> GetLastSequenceAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return new ValueTask<long>(_all.Count);
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<JournalEntry> ReadAsync(long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        JournalEntry[] snapshot;
        lock (_gate)
        {
            var start = (int)Math.Min(afterSequence, _all.Count);
            snapshot = _all.GetRange(start, _all.Count - start).ToArray();
        }

        foreach (var entry in snapshot)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return entry;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<JournalEntry> ReadScopeAsync(string scope, CancellationToken cancellationToken = default) =>
        ReadScopeFromAsync(scope, 0, cancellationToken);

    /// <inheritdoc/>
    public async IAsyncEnumerable<JournalEntry> ReadScopeFromAsync(string scope, long fromIndex, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentOutOfRangeException.ThrowIfNegative(fromIndex);
        JournalEntry[] snapshot;
        lock (_gate)
        {
            // Compare-and-append keeps a scope's entry at position i with index i.
            snapshot = _scopes.TryGetValue(scope, out var list) && fromIndex < list.Count
                ? list.GetRange((int)fromIndex, list.Count - (int)fromIndex).ToArray()
                : [];
        }

        foreach (var entry in snapshot)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return entry;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public ValueTask<JournalAppendResult> AppendAsync(string scope, long expectedLength, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(entries);
        cancellationToken.ThrowIfCancellationRequested();
        for (var i = 0; i < entries.Count; i++)
        {
            if (!string.Equals(entries[i].Scope, scope, StringComparison.Ordinal) || entries[i].Index != expectedLength + i)
            {
                throw new ArgumentException(
                    $"Entry {i} has scope '{entries[i].Scope}' and index {entries[i].Index}; expected scope '{scope}' and index {expectedLength + i}.",
                    nameof(entries));
            }
        }

        lock (_gate)
        {
            if (!_scopes.TryGetValue(scope, out var list))
            {
                list = [];
            }

            if (list.Count != expectedLength)
            {
                return new ValueTask<JournalAppendResult>(JournalAppendResult.Conflict(list.Count));
            }

            var committed = new JournalEntry[entries.Count];
            for (var i = 0; i < entries.Count; i++)
            {
                committed[i] = entries[i] with { Sequence = _all.Count + 1 };
                _all.Add(committed[i]);
                list.Add(committed[i]);
            }

            _scopes[scope] = list;
            return new ValueTask<JournalAppendResult>(JournalAppendResult.Committed(committed, list.Count));
        }
    }

    /// <inheritdoc/>
    public ValueTask<ScopeCheckpoint?> ReadCheckpointAsync(string scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        lock (_gate)
        {
            return new ValueTask<ScopeCheckpoint?>(_checkpoints.GetValueOrDefault(scope));
        }
    }

    /// <inheritdoc/>
    public ValueTask WriteCheckpointAsync(ScopeCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        lock (_gate)
        {
            _checkpoints[checkpoint.Scope] = checkpoint;
        }

        return default;
    }
}
