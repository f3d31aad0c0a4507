using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Storage.InMemory;

namespace ModelOps.Sdk.Tests.Registry;

/// <summary>
/// The optional store capabilities a shared store offers a fleet: a shared clock (<see cref="IJournalClock"/>) stamps entries, and a
/// change push (<see cref="IJournalChangeNotifier"/>) makes other instances' writes visible without waiting for the poll interval.
/// </summary>
public sealed class ModelRegistryStoreCapabilitiesTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Writes_OnAStoreWithAClock_AreStampedByTheStoreClock_NotTheRegistryClock()
    {
        var storeTime = new DateTimeOffset(2030, 6, 1, 12, 0, 0, TimeSpan.Zero);
        var store = new CapableStore(new InMemoryMetadataStore()) { Now = storeTime };
        await using var host = RegistryHost.Create(store);

        var version = await host.Registry.RegisterAsync(RegistryHost.Registration("credit"));
        store.Now = storeTime.AddMinutes(5);
        await host.Registry.SetAliasAsync("credit", "champion", version.Version);
        store.Now = null; // the store hands time back to the registry's clock
        var withoutStoreClock = await host.Registry.RegisterAsync(RegistryHost.Registration("other"));

        Assert.Equal(storeTime, version.RegisteredAt);
        Assert.Equal(storeTime.AddMinutes(5), (await host.Registry.GetAliasHistoryAsync("credit", "champion")).Single().Timestamp);
        Assert.Equal(RegistryHost.Start, withoutStoreClock.RegisteredAt);
        Assert.True((await host.Registry.VerifyAuditLogAsync("credit")).IsValid);
    }

    [Fact]
    public async Task ChangeAnnounced_ByTheStore_IsVisibleToReadsAndWatchers_BeforeThePollInterval()
    {
        var shared = new InMemoryMetadataStore();
        var store = new CapableStore(shared);
        await using var writer = RegistryHost.Create(shared);
        await using var reader = RegistryHost.Create(store, writer.Artifacts, writer.Time);
        await writer.RegisterVersionsAsync("credit", 2);
        await writer.Registry.SetAliasAsync("credit", "champion", 1);
        Assert.Equal(1, (await reader.Registry.ResolveAliasAsync("credit", "champion")).Version);
        await using var watch = reader.Registry.WatchAliasAsync("credit", "champion").GetAsyncEnumerator();
        var next = watch.MoveNextAsync().AsTask();

        var moved = await writer.Registry.SetAliasAsync("credit", "champion", 2);
        Assert.Equal(1, (await reader.Registry.ResolveAliasAsync("credit", "champion")).Version); // fresh for one interval: no read yet
        store.Announce(moved.Sequence); // the clock never moves: only the announcement can make the reader catch up

        Assert.Equal(2, (await reader.Registry.ResolveAliasAsync("credit", "champion")).Version);
        Assert.True(await next.WaitAsync(Timeout));
        Assert.Equal((2, moved.Sequence), (watch.Current.Version, watch.Current.Sequence));
    }

    [Fact]
    public async Task ChangeAnnounced_ThatTheRegistryAlreadyHas_DoesNotMakeItReadAgain()
    {
        var store = new CapableStore(new InMemoryMetadataStore());
        await using var host = RegistryHost.Create(store);
        var version = await host.Registry.RegisterAsync(RegistryHost.Registration("credit")); // the write leaves the replica fresh
        var reads = store.Reads;

        store.Announce(version.Sequence); // its own write, already folded in
        await host.Registry.GetVersionAsync("credit", version.Version);

        Assert.Equal(reads, store.Reads);
        Assert.Equal(1, store.Subscribers);
        await host.DisposeAsync();
        Assert.Equal(0, store.Subscribers);
    }

    /// <summary>A store decorator with a settable clock and a change announcement the test triggers; counts reads.</summary>
    private sealed class CapableStore(IModelMetadataStore inner) : IModelMetadataStore, IJournalClock, IJournalChangeNotifier
    {
        private readonly List<Action<long>> _subscribers = [];
        private int _reads;

        public DateTimeOffset? Now { get; set; }

        public int Reads => Volatile.Read(ref _reads);

        public int Subscribers
        {
            get
            {
                lock (_subscribers)
                {
                    return _subscribers.Count;
                }
            }
        }

        public void Announce(long sequence)
        {
            Action<long>[] subscribers;
            lock (_subscribers)
            {
                subscribers = [.. _subscribers];
            }

            foreach (var subscriber in subscribers)
            {
                subscriber(sequence);
            }
        }

        public ValueTask<DateTimeOffset?> GetUtcNowAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(Now);

        public IDisposable Subscribe(Action<long> onChange)
        {
            lock (_subscribers)
            {
                _subscribers.Add(onChange);
            }

            return new Unsubscriber(this, onChange);
        }

        public ValueTask<long> GetLastSequenceAsync(CancellationToken cancellationToken = default) => inner.GetLastSequenceAsync(cancellationToken);

        public IAsyncEnumerable<JournalEntry> ReadAsync(long afterSequence, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _reads);
            return inner.ReadAsync(afterSequence, cancellationToken);
        }

        public IAsyncEnumerable<JournalEntry> ReadScopeAsync(string scope, CancellationToken cancellationToken = default) => inner.ReadScopeAsync(scope, cancellationToken);

        public ValueTask<JournalAppendResult> AppendAsync(string scope, long expectedLength, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default) =>
            inner.AppendAsync(scope, expectedLength, entries, cancellationToken);

        private sealed class Unsubscriber(CapableStore store, Action<long> onChange) : IDisposable
        {
            public void Dispose()
            {
                lock (store._subscribers)
                {
                    store._subscribers.Remove(onChange);
                }
            }
        }
    }
}
