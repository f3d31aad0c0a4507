using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using ModelOps.Sdk.Scoring;
using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Storage.InMemory;

namespace ModelOps.Sdk.Tests.Registry;

/// <summary>
/// While the metadata store is unreachable, reads answer from the replica's last known state without waiting on the store, report
/// how stale it is, and writes fail with <see cref="StorageUnavailableException"/>; once the store is back everything catches up.
/// The clock is fake, so "stale" is exact: the replica is older than the poll interval, where it used to go to the store.
/// </summary>
public sealed class ModelRegistryOutageTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task ResolveAliasAsync_StoreUnreachablePastThePollInterval_AnswersFromMemoryWithoutWaiting()
    {
        var store = new SwitchableMetadataStore();
        var logs = new CapturingLoggerFactory();
        await using var host = RegistryHost.Create(store, configure: o => o.ChangePollInterval = Interval, build: b => b.Services.AddSingleton<ILoggerFactory>(logs));
        await host.RegisterVersionsAsync("credit", 2);
        await host.Registry.SetAliasAsync("credit", "champion", 1);

        store.Down = true;
        host.Time.Advance(Interval * 5);

        // The first read past the interval tries the store once, finds it down, and answers anyway.
        Assert.Equal(1, (await host.Registry.ResolveAliasAsync("credit", "champion")).Version);
        var attempts = store.FailedReads;

        // From then on, reads complete synchronously: they cannot have waited on the store.
        for (var i = 0; i < 100; i++)
        {
            var pending = host.Registry.ResolveAliasAsync("credit", "champion");
            Assert.True(pending.IsCompletedSuccessfully);
            Assert.Equal(1, (await pending).Version);
        }

        Assert.Equal(attempts, store.FailedReads);
        Assert.Equal(1, (await host.Registry.GetVersionByAliasAsync("credit", "champion")).Version);
        Assert.Equal(Interval * 5, host.Registry.Staleness);
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("unreachable", StringComparison.Ordinal)
            && e.Message.Contains("00:00:05", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WritesAndHealth_StoreUnreachable_WritesFailAndHealthReportsTheStaleness()
    {
        var store = new SwitchableMetadataStore();
        await using var host = RegistryHost.Create(store, configure: o => o.ChangePollInterval = Interval);
        await host.RegisterVersionsAsync("credit", 2);
        await host.Registry.SetAliasAsync("credit", "champion", 1);
        var health = host.Services.GetRequiredService<ModelScorersHealthCheck>();
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(new HealthCheckContext())).Status);

        store.Down = true;
        host.Time.Advance(Interval * 3);
        await host.Registry.ResolveAliasAsync("credit", "champion");

        await Assert.ThrowsAsync<StorageUnavailableException>(() => host.Registry.SetAliasAsync("credit", "champion", 2));
        await Assert.ThrowsAsync<StorageUnavailableException>(async () => await host.Registry.RefreshAsync());
        var report = await health.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Degraded, report.Status);
        Assert.Equal("3", report.Data["registry:staleness"]);
        Assert.Contains("unreachable", report.Description, StringComparison.Ordinal);
        Assert.Equal(HostDown, report.Data["registry:lastStoreError"]);
    }

    [Fact]
    public async Task ResolveAliasAsync_StoreBack_CatchesUpWithChangesMadeMeanwhileAndWritesRecover()
    {
        var store = new SwitchableMetadataStore();
        await using var host = RegistryHost.Create(store, configure: o => o.ChangePollInterval = Interval);
        await using var peer = RegistryHost.Create(store.Inner, host.Artifacts, host.Time);
        await host.RegisterVersionsAsync("credit", 3);
        await host.Registry.SetAliasAsync("credit", "champion", 1);
        store.Down = true;
        host.Time.Advance(Interval * 2);
        Assert.Equal(1, (await host.Registry.ResolveAliasAsync("credit", "champion")).Version);

        // Another instance, whose path to the store works, moves the alias during the outage.
        await peer.Registry.SetAliasAsync("credit", "champion", 2);
        store.Down = false;
        host.Time.Advance(Interval);

        // The read that finds a catch-up due starts it in the background; the catch-up brings the move in.
        await host.Registry.ResolveAliasAsync("credit", "champion");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (host.Registry.Staleness != TimeSpan.Zero)
        {
            await Task.Yield();
            deadline.Token.ThrowIfCancellationRequested();
        }

        Assert.Equal(2, (await host.Registry.ResolveAliasAsync("credit", "champion")).Version);
        Assert.Equal(3, (await host.Registry.SetAliasAsync("credit", "champion", 3)).Version);
        Assert.Equal(HealthStatus.Healthy, (await host.Services.GetRequiredService<ModelScorersHealthCheck>().CheckHealthAsync(new HealthCheckContext())).Status);
    }

    [Fact]
    public async Task ResolveAliasAsync_StoreUnreachableBeforeTheFirstLoad_Throws()
    {
        var store = new SwitchableMetadataStore { Down = true };
        await using var host = RegistryHost.Create(store);

        await Assert.ThrowsAsync<StorageUnavailableException>(async () => await host.Registry.ResolveAliasAsync("credit", "champion"));
        Assert.Null(host.Registry.Staleness);
    }

    private const string HostDown = "The test store is down.";

    /// <summary>An in-memory store whose path from this instance can be cut: reads and appends then fail as a server outage does.</summary>
    internal sealed class SwitchableMetadataStore : IModelMetadataStore
    {
        private int _failedReads;

        public InMemoryMetadataStore Inner { get; } = new();

        public bool Down { get; set; }

        public int FailedReads => Volatile.Read(ref _failedReads);

        public ValueTask<long> GetLastSequenceAsync(CancellationToken cancellationToken = default)
        {
            ThrowIfDown();
            return Inner.GetLastSequenceAsync(cancellationToken);
        }

        public IAsyncEnumerable<JournalEntry> ReadAsync(long afterSequence, CancellationToken cancellationToken = default)
        {
            if (Down)
            {
                Interlocked.Increment(ref _failedReads);
            }

            ThrowIfDown();
            return Inner.ReadAsync(afterSequence, cancellationToken);
        }

        public IAsyncEnumerable<JournalEntry> ReadScopeAsync(string scope, CancellationToken cancellationToken = default)
        {
            ThrowIfDown();
            return Inner.ReadScopeAsync(scope, cancellationToken);
        }

        public ValueTask<JournalAppendResult> AppendAsync(string scope, long expectedLength, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default)
        {
            ThrowIfDown();
            return Inner.AppendAsync(scope, expectedLength, entries, cancellationToken);
        }

        private void ThrowIfDown()
        {
            if (Down)
            {
                throw new StorageUnavailableException("test store", HostDown, attempts: 1);
            }
        }
    }
}
