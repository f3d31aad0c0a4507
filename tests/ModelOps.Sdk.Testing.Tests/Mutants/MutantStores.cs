using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Storage.InMemory;

namespace ModelOps.Sdk.Testing.Tests.Mutants;

/// <summary>
/// Adapters over the in-memory store that each inject one bug the contract kit once missed (issue 15, item 2). Each passes every
/// check it does not target, so the check that catches it is the only one that can.
/// </summary>
public static class MutantStores
{
    /// <summary>(a) Scopes compared case-insensitively, as a table with a case-insensitive collation would.</summary>
    public sealed class CaseInsensitiveScopes(IModelMetadataStore inner) : MetadataStoreDecorator(inner)
    {
        private readonly ConcurrentDictionary<long, string> _scopeBySequence = new();

        public override async IAsyncEnumerable<JournalEntry> ReadAsync(long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var entry in Inner.ReadAsync(afterSequence, cancellationToken))
            {
                yield return Restore(entry);
            }
        }

        public override async IAsyncEnumerable<JournalEntry> ReadScopeAsync(string scope, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var entry in Inner.ReadScopeAsync(scope.ToUpperInvariant(), cancellationToken))
            {
                yield return Restore(entry);
            }
        }

        public override async ValueTask<JournalAppendResult> AppendAsync(
            string scope, long expectedLength, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default)
        {
            var folded = entries.Select(e => e with { Scope = e.Scope.ToUpperInvariant() }).ToArray();
            var result = await Inner.AppendAsync(scope.ToUpperInvariant(), expectedLength, folded, cancellationToken);
            if (!result.IsCommitted)
            {
                return result;
            }

            var restored = result.Entries.Select((e, i) =>
            {
                _scopeBySequence[e.Sequence] = entries[i].Scope;
                return e with { Scope = entries[i].Scope };
            }).ToArray();
            return JournalAppendResult.Committed(restored, result.CurrentLength);
        }

        private JournalEntry Restore(JournalEntry entry) =>
            _scopeBySequence.TryGetValue(entry.Sequence, out var scope) ? entry with { Scope = scope } : entry;
    }

    /// <summary>(b) Reads in pages of 1,000 (as the PostgreSQL store does) and loses the first entry of every page after the first (an off-by-one in the next page's bound).</summary>
    public sealed class PageBoundaryDropping(IModelMetadataStore inner) : MetadataStoreDecorator(inner)
    {
        private const int PageSize = 1000;

        public override IAsyncEnumerable<JournalEntry> ReadAsync(long afterSequence, CancellationToken cancellationToken = default) =>
            DropAtPageBoundaries(Inner.ReadAsync(afterSequence, cancellationToken));

        public override IAsyncEnumerable<JournalEntry> ReadScopeAsync(string scope, CancellationToken cancellationToken = default) =>
            DropAtPageBoundaries(Inner.ReadScopeAsync(scope, cancellationToken));

        private static async IAsyncEnumerable<JournalEntry> DropAtPageBoundaries(IAsyncEnumerable<JournalEntry> entries)
        {
            var position = 0;
            await foreach (var entry in entries)
            {
                if (position == 0 || position % PageSize != 0)
                {
                    yield return entry;
                }

                position++;
            }
        }
    }

    /// <summary>(c) Stores timestamps as UTC and reads them back with offset zero: the instant survives, the offset does not.</summary>
    public sealed class OffsetDropping(IModelMetadataStore inner) : MetadataStoreDecorator(inner)
    {
        public override ValueTask<JournalAppendResult> AppendAsync(
            string scope, long expectedLength, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default) =>
            Inner.AppendAsync(scope, expectedLength, entries.Select(e => e with { Timestamp = e.Timestamp.ToUniversalTime() }).ToArray(), cancellationToken);
    }

    /// <summary>(c) Trims the whitespace around payloads, as a store that normalizes text would.</summary>
    public sealed class PayloadTrimming(IModelMetadataStore inner) : MetadataStoreDecorator(inner)
    {
        public override ValueTask<JournalAppendResult> AppendAsync(
            string scope, long expectedLength, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default) =>
            Inner.AppendAsync(scope, expectedLength, entries.Select(e => e with { Payload = e.Payload.Trim() }).ToArray(), cancellationToken);
    }

    /// <summary>(d) Commits without the token, then reports the cancellation: the caller is told "cancelled" about entries that are stored.</summary>
    public sealed class CancelledAfterCommit(IModelMetadataStore inner) : MetadataStoreDecorator(inner)
    {
        public override async ValueTask<JournalAppendResult> AppendAsync(
            string scope, long expectedLength, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default)
        {
            var result = await Inner.AppendAsync(scope, expectedLength, entries, CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            return result;
        }
    }

    /// <summary>(e) A journal clock that reads the right instant in a local time zone (offset +02:00) instead of UTC.</summary>
    public sealed class LocalTimeClock(IModelMetadataStore inner, TimeProvider time) : MetadataStoreDecorator(inner), IJournalClock
    {
        public ValueTask<DateTimeOffset?> GetUtcNowAsync(CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<DateTimeOffset?>(time.GetUtcNow().ToOffset(TimeSpan.FromHours(2)));
    }

    /// <summary>(e) A change notifier that accepts subscribers and never calls them (a listener on the wrong channel).</summary>
    public sealed class SilentNotifier(IModelMetadataStore inner) : MetadataStoreDecorator(inner), IJournalChangeNotifier
    {
        public IDisposable Subscribe(Action<long> onChange) => new Subscription();

        private sealed class Subscription : IDisposable
        {
            public void Dispose()
            {
            }
        }
    }

    /// <summary>(g) A scope reader that ignores the index it is given and reads the scope from its start, as a cursor never passed on would.</summary>
    public sealed class ScopeReaderFromStart(IModelMetadataStore inner) : MetadataStoreDecorator(inner), IJournalScopeReader
    {
        public IAsyncEnumerable<JournalEntry> ReadScopeFromAsync(string scope, long fromIndex, CancellationToken cancellationToken = default)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(fromIndex);
            return ((IJournalScopeReader)Inner).ReadScopeFromAsync(scope, 0, cancellationToken);
        }
    }

    /// <summary>(g) A scope reader that reads after the index instead of from it (<c>index &gt; n</c> for <c>index &gt;= n</c>): a refold would skip one entry.</summary>
    public sealed class ScopeReaderAfterIndex(IModelMetadataStore inner) : MetadataStoreDecorator(inner), IJournalScopeReader
    {
        public IAsyncEnumerable<JournalEntry> ReadScopeFromAsync(string scope, long fromIndex, CancellationToken cancellationToken = default)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(fromIndex);
            return ((IJournalScopeReader)Inner).ReadScopeFromAsync(scope, fromIndex + 1, cancellationToken);
        }
    }

    /// <summary>(g) A scope reader that filters the whole journal by index and matches scopes case-insensitively, as a query on a case-insensitive collation would.</summary>
    public sealed class ScopeReaderAcrossScopes(IModelMetadataStore inner) : MetadataStoreDecorator(inner), IJournalScopeReader
    {
        public async IAsyncEnumerable<JournalEntry> ReadScopeFromAsync(string scope, long fromIndex, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(fromIndex);
            await foreach (var entry in Inner.ReadAsync(0, cancellationToken))
            {
                if (string.Equals(entry.Scope, scope, StringComparison.OrdinalIgnoreCase) && entry.Index >= fromIndex)
                {
                    yield return entry;
                }
            }
        }
    }

    /// <summary>
    /// (h) A checkpoint store that keeps the longest checkpoint of a scope, as an upsert guarded by "only if newer" would: a forged
    /// checkpoint claiming more entries than the scope holds would then never be replaced by the rebuilt one.
    /// </summary>
    public sealed class CheckpointKeepsLongest(IModelMetadataStore inner) : MetadataStoreDecorator(inner), IScopeCheckpointStore
    {
        public ValueTask<ScopeCheckpoint?> ReadCheckpointAsync(string scope, CancellationToken cancellationToken = default) =>
            ((IScopeCheckpointStore)Inner).ReadCheckpointAsync(scope, cancellationToken);

        public async ValueTask WriteCheckpointAsync(ScopeCheckpoint checkpoint, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(checkpoint);
            if (await ReadCheckpointAsync(checkpoint.Scope, cancellationToken) is { } stored && stored.Length >= checkpoint.Length)
            {
                return;
            }

            await ((IScopeCheckpointStore)Inner).WriteCheckpointAsync(checkpoint, cancellationToken);
        }
    }

    /// <summary>A correct change notifier over the in-memory store, shared by every instance: it calls subscribers after each commit.</summary>
    public sealed class InProcessNotifier(IModelMetadataStore inner) : MetadataStoreDecorator(inner), IJournalChangeNotifier
    {
        private readonly ConcurrentDictionary<object, Action<long>> _subscribers = new();

        public override async ValueTask<JournalAppendResult> AppendAsync(
            string scope, long expectedLength, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default)
        {
            var result = await Inner.AppendAsync(scope, expectedLength, entries, cancellationToken);
            if (result.IsCommitted)
            {
                foreach (var subscriber in _subscribers.Values)
                {
                    subscriber(result.Entries[^1].Sequence);
                }
            }

            return result;
        }

        public IDisposable Subscribe(Action<long> onChange)
        {
            var key = new object();
            _subscribers[key] = onChange;
            return new Subscription(() => _subscribers.TryRemove(key, out _));
        }

        private sealed class Subscription(Action dispose) : IDisposable
        {
            public void Dispose() => dispose();
        }
    }

    /// <summary>A metadata store that is one instance only, as in-memory stores are, wrapped by a mutant.</summary>
    public static StorageUnderTest SingleProcess(Func<IModelMetadataStore, IModelMetadataStore> mutate) =>
        StorageUnderTest.SingleProcess(mutate(new InMemoryMetadataStore()), new InMemoryArtifactStore());

    /// <summary>(f) A "second instance" over storage of its own: two processes would not see each other's appends or locks.</summary>
    public static StorageUnderTest SplitBrain()
    {
        var artifacts = new InMemoryArtifactStore();
        return new StorageUnderTest(new InMemoryMetadataStore(), artifacts, OpenUnshared, dispose: null);

        ValueTask<StorageUnderTest> OpenUnshared() => ValueTask.FromResult(new StorageUnderTest(new InMemoryMetadataStore(), artifacts, OpenUnshared, dispose: null));
    }

    /// <summary>(f) Stores without a second-instance factory, as the documentation's snippet created them.</summary>
    public static StorageUnderTest WithoutSecondInstance() => new(new InMemoryMetadataStore(), new InMemoryArtifactStore());
}
