// Copied verbatim from docs/storage-providers.md; keep the two in step (the build compiles this file and the kit runs against it).
using System.Runtime.CompilerServices;
using ModelOps.Sdk.Storage;

namespace Contoso.ModelOps;

/// <summary>A single-process metadata store that shows the contract's semantics; it keeps nothing across restarts.</summary>
public sealed class JournalListMetadataStore : IModelMetadataStore
{
    private readonly Lock _gate = new();
    private readonly List<JournalEntry> _journal = [];   // _journal[i].Sequence == i + 1
    private readonly Dictionary<string, List<JournalEntry>> _scopes = new(StringComparer.Ordinal);

    public ValueTask<long> GetLastSequenceAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult((long)_journal.Count);
        }
    }

    public IAsyncEnumerable<JournalEntry> ReadAsync(long afterSequence, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            // Sequence n sits at position n - 1, so "after n" starts at position n.
            var start = (int)Math.Clamp(afterSequence, 0, _journal.Count);
            return _journal[start..].ToAsyncEnumerable();
        }
    }

    public IAsyncEnumerable<JournalEntry> ReadScopeAsync(string scope, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return (_scopes.TryGetValue(scope, out var chain) ? chain.ToArray() : []).ToAsyncEnumerable();
        }
    }

    public ValueTask<JournalAppendResult> AppendAsync(
        string scope, long expectedLength, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        cancellationToken.ThrowIfCancellationRequested();
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Scope != scope || entries[i].Index != expectedLength + i)
            {
                throw new ArgumentException($"Entry {i} must have scope '{scope}' and index {expectedLength + i}.", nameof(entries));
            }
        }

        lock (_gate)
        {
            var length = _scopes.TryGetValue(scope, out var chain) ? chain.Count : 0;
            if (length != expectedLength)
            {
                return ValueTask.FromResult(JournalAppendResult.Conflict(length));   // compare failed: write nothing
            }

            if (chain is null)
            {
                chain = [];
                _scopes.Add(scope, chain);
            }

            var committed = new JournalEntry[entries.Count];
            for (var i = 0; i < entries.Count; i++)
            {
                committed[i] = entries[i] with { Sequence = _journal.Count + 1 };
                _journal.Add(committed[i]);
                chain.Add(committed[i]);
            }

            return ValueTask.FromResult(JournalAppendResult.Committed(committed, chain.Count));
        }
    }
}
