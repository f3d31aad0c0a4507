using System.Runtime.CompilerServices;
using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Storage.InMemory;

namespace ModelOps.Sdk.Tests.Audit;

/// <summary>
/// An in-memory metadata store whose scope reads can be rewritten by the test, standing in for someone who edits the stored journal.
/// Only <see cref="ReadScopeAsync"/> (what audit verification reads) is rewritten; the registry's own replica is unaffected.
/// </summary>
internal sealed class TamperableMetadataStore : IModelMetadataStore
{
    private readonly InMemoryMetadataStore _inner = new();

    public Func<IReadOnlyList<JournalEntry>, IReadOnlyList<JournalEntry>>? RewriteScope { get; set; }

    public ValueTask<long> GetLastSequenceAsync(CancellationToken cancellationToken = default) => _inner.GetLastSequenceAsync(cancellationToken);

    public IAsyncEnumerable<JournalEntry> ReadAsync(long afterSequence, CancellationToken cancellationToken = default) =>
        _inner.ReadAsync(afterSequence, cancellationToken);

    public async IAsyncEnumerable<JournalEntry> ReadScopeAsync(string scope, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var entries = new List<JournalEntry>();
        await foreach (var entry in _inner.ReadScopeAsync(scope, cancellationToken))
        {
            entries.Add(entry);
        }

        foreach (var entry in RewriteScope?.Invoke(entries) ?? entries)
        {
            yield return entry;
        }
    }

    public ValueTask<JournalAppendResult> AppendAsync(string scope, long expectedLength, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default) =>
        _inner.AppendAsync(scope, expectedLength, entries, cancellationToken);
}
