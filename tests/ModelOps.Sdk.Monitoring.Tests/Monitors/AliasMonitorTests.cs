using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Monitoring.Fleet;
using ModelOps.Sdk.Monitoring.Monitors;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Reports;
using ModelOps.Sdk.Monitoring.Telemetry;
using ModelOps.Sdk.Monitoring.Tests.Profiles;
using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Storage.InMemory;

namespace ModelOps.Sdk.Monitoring.Tests.Monitors;

public sealed class AliasMonitorTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly OutageMetadataStore _store = new();
    private ServiceProvider _provider = null!;

    private IModelRegistry Registry => _provider.GetRequiredService<IModelRegistry>();

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddModelOps()
            .UseMetadataStore(_ => _store)
            .UseArtifactStore(_ => new InMemoryArtifactStore())
            .AddMonitoring(o => o.SavedReportName = "production")
            .AddAliasMonitor("loans", "champion", ProfileRows.Schema);
        _provider = services.BuildServiceProvider();
        for (var v = 1; v <= 2; v++)
        {
            await using var artifact = new MemoryStream([1, 2, (byte)v]);
            await Registry.RegisterAsync(new ModelVersionRegistration { ModelName = "loans", Flavor = "custom", Artifact = artifact });
        }

        var (rows, decisions) = ProfileRows.Generate(2_000, seed: 5);
        await Registry.SaveReferenceProfileAsync("loans", 1, ProfileRows.Schema.FitReference(rows, decisions));
        await Registry.SetAliasAsync("loans", "champion", 1);
    }

    public async Task DisposeAsync() => await _provider.DisposeAsync();

    [Fact]
    public async Task HotSwap_ReportsTheOldVersionsLastWindowAndFollowsTheAlias()
    {
        await Registry.SaveReferenceProfileAsync("loans", 2, Fit(seed: 6));
        var monitor = _provider.GetRequiredService<AliasMonitor<LoanRow, LoanDecision>>();
        await monitor.StartAsync(CancellationToken.None);
        Assert.Equal(1, monitor.Current?.Version);
        Observe(monitor, 300, seed: 7);

        await Registry.SetAliasAsync("loans", "champion", 2);
        await WaitUntilAsync(() => monitor.Current?.Version == 2);

        var saved = Assert.Single(await SavedWindowsAsync(1));
        Assert.Equal(300, saved.Report.CurrentRows);
        Assert.Equal(300, saved.Profile.RowCount);
        Assert.Equal(ModelOpsOptions.DefaultInstanceId, saved.InstanceId);
        Assert.Null(saved.Period);   // the windows are not aligned: shown on their own, never merged
        Assert.Equal(2, monitor.ServedVersion);
        Assert.Null(monitor.Status.Attention);
        await monitor.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task HotSwapToAVersionWithoutReferenceProfile_IsReportedUnmonitoredInStatusAndMetric()
    {
        var gauge = new List<(int Value, int Version)>();
        using var listener = ListenToUnmonitored(gauge);
        var monitor = _provider.GetRequiredService<AliasMonitor<LoanRow, LoanDecision>>();
        await monitor.StartAsync(CancellationToken.None);

        await Registry.SetAliasAsync("loans", "champion", 2);
        await WaitUntilAsync(() => monitor.ServedVersion == 2 && monitor.Status.Attention is not null);

        Assert.Null(monitor.Current);
        Assert.Contains("serves version 2, which has no reference profile 'default': it is not monitored", monitor.Status.Attention, StringComparison.Ordinal);
        lock (gauge)
        {
            Assert.Contains((0, 1), gauge);
            Assert.Contains((1, 2), gauge);
        }

        Observe(monitor, 10, seed: 8);   // counted nowhere, and no exception
        await monitor.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task StopAsync_ReportsTheWindowInProgress()
    {
        var monitor = _provider.GetRequiredService<AliasMonitor<LoanRow, LoanDecision>>();
        await monitor.StartAsync(CancellationToken.None);
        Observe(monitor, 120, seed: 9);

        await monitor.StopAsync(CancellationToken.None);

        var saved = Assert.Single(await SavedWindowsAsync(1));
        Assert.Equal(120, saved.Report.CurrentRows);
        Assert.Null(monitor.Current);
    }

    [Fact]
    public async Task WindowSavedWhileTheStoreIsDown_IsSavedBeforeTheNextWindow_InOrder()
    {
        var monitor = await StartWithAWindowUnsavedAsync(rows: 100, seed: 10);

        Assert.Contains("1 window(s) wait to be saved again", monitor.Status.LastError, StringComparison.Ordinal);
        Assert.Empty(await SavedWindowsAsync(1));

        _store.Down = false;
        Observe(monitor, 50, seed: 11);
        await monitor.Current!.CloseWindowAsync();

        Assert.Equal([100, 50], (await SavedWindowsAsync(1)).Select(w => w.Report.CurrentRows));
        await monitor.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task StopAsync_TriesTheWindowsAnOutageLeftUnsaved_EvenWithoutANewWindow()
    {
        var monitor = await StartWithAWindowUnsavedAsync(rows: 30, seed: 12);
        _store.Down = false;

        await monitor.StopAsync(CancellationToken.None); // the window in progress has no rows: nothing new to report

        Assert.Equal([30], (await SavedWindowsAsync(1)).Select(w => w.Report.CurrentRows));
    }

    [Fact]
    public async Task MoreWindowsUnsavedThanKept_TheOldestIsGivenUp_AndHealthSaysSo()
    {
        var monitor = _provider.GetRequiredService<AliasMonitor<LoanRow, LoanDecision>>();
        await monitor.StartAsync(CancellationToken.None);
        _store.Down = true;
        for (var i = 0; i < 65; i++)
        {
            Observe(monitor, 1 + i, seed: 100 + i); // window i holds i + 1 rows
            await monitor.Current!.CloseWindowAsync();
        }

        Assert.Contains("64 window(s) wait to be saved again with the next one; 1 older window(s) were given up", monitor.Status.LastError, StringComparison.Ordinal);
        _store.Down = false;
        Observe(monitor, 7, seed: 200);
        await monitor.Current!.CloseWindowAsync();

        // Window 0 (1 row) was given up when window 64 failed; adding the 66th gave up window 1 (2 rows).
        Assert.Equal([.. Enumerable.Range(3, 63), 7], (await SavedWindowsAsync(1)).Select(w => w.Report.CurrentRows));
        await monitor.StopAsync(CancellationToken.None);
    }

    /// <summary>Starts the monitor, observes a window of <paramref name="rows"/> rows and closes it while the store is down (left down).</summary>
    private async Task<AliasMonitor<LoanRow, LoanDecision>> StartWithAWindowUnsavedAsync(int rows, int seed)
    {
        var monitor = _provider.GetRequiredService<AliasMonitor<LoanRow, LoanDecision>>();
        await monitor.StartAsync(CancellationToken.None);
        Observe(monitor, rows, seed);
        _store.Down = true;
        await monitor.Current!.CloseWindowAsync();
        return monitor;
    }

    private async Task<List<SavedMonitoringWindow>> SavedWindowsAsync(int version)
    {
        var windows = new List<SavedMonitoringWindow>();
        foreach (var document in (await Registry.ListDocumentsAsync("loans", version, DocumentKinds.MonitoringWindow)).OrderBy(d => d.Revision))
        {
            Assert.Equal(SavedMonitoringWindowRegistryExtensions.DocumentName("production", ModelOpsOptions.DefaultInstanceId), document.Name);
            windows.Add(SavedMonitoringWindow.FromJson((await Registry.ReadDocumentAsync(document)).Span));
        }

        return windows;
    }

    private static DataProfile Fit(int seed)
    {
        var (rows, decisions) = ProfileRows.Generate(2_000, seed);
        return ProfileRows.Schema.FitReference(rows, decisions);
    }

    private static void Observe(AliasMonitor<LoanRow, LoanDecision> monitor, int count, int seed)
    {
        var (rows, decisions) = ProfileRows.Generate(count, seed);
        for (var i = 0; i < count; i++)
        {
            monitor.Observe(rows[i], decisions[i]);
        }
    }

    private static MeterListener ListenToUnmonitored(List<(int Value, int Version)> values)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == MonitoringMetrics.MeterName && instrument.Name == "modelops.monitoring.unmonitored")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "modelops.version")
                {
                    lock (values)
                    {
                        values.Add((value, (int)tag.Value!));
                    }
                }
            }
        });
        listener.Start();
        return listener;
    }

    /// <summary>Waits for a condition that the monitor's watch loop makes true, yielding between checks; fails after a deadline.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)(Patience.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (!condition())
        {
            Assert.True(TimeProvider.System.GetTimestamp() < deadline, "The condition did not become true in time.");
            await Task.Yield();
        }
    }

    /// <summary>The in-memory store, whose writes fail as an unreachable store's do while <see cref="Down"/>; reads keep working.</summary>
    private sealed class OutageMetadataStore : IModelMetadataStore
    {
        private readonly InMemoryMetadataStore _inner = new();

        public bool Down { get; set; }

        public ValueTask<long> GetLastSequenceAsync(CancellationToken cancellationToken = default) => _inner.GetLastSequenceAsync(cancellationToken);

        public IAsyncEnumerable<JournalEntry> ReadAsync(long afterSequence, CancellationToken cancellationToken = default) => _inner.ReadAsync(afterSequence, cancellationToken);

        public IAsyncEnumerable<JournalEntry> ReadScopeAsync(string scope, CancellationToken cancellationToken = default) => _inner.ReadScopeAsync(scope, cancellationToken);

        public ValueTask<JournalAppendResult> AppendAsync(string scope, long expectedLength, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default) =>
            Down
                ? throw new StorageUnavailableException("test store", "The store's host is down.", attempts: 1)
                : _inner.AppendAsync(scope, expectedLength, entries, cancellationToken);
    }
}
