using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.Monitoring.ConceptDrift;
using ModelOps.Sdk.Monitoring.Fleet;
using ModelOps.Sdk.Monitoring.Monitors;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Tests.Profiles;

namespace ModelOps.Sdk.Reporting.Tests.Infrastructure;

/// <summary>How the fleet's monitors cut their windows.</summary>
public enum FleetWindowKind
{
    /// <summary>Hourly tumbling windows aligned to UTC hours: the instances' windows of an hour merge.</summary>
    AlignedTumbling,

    /// <summary>Hourly tumbling windows without alignment, each instance starting five minutes after the previous one.</summary>
    UnalignedTumbling,

    /// <summary>Windows of 100 rows.</summary>
    RowCount,

    /// <summary>Hourly windows sliding every half hour (two sub-windows), aligned: a sliding window is still never merged.</summary>
    Sliding,
}

/// <summary>
/// Three service instances on one filesystem registry, each running the real <see cref="AliasMonitor{TInput, TOutput}"/> of the
/// <c>loans</c> champion with concept drift on its own labelled outcomes, fed generated loan rows in uneven shares (200, 300 and 400)
/// on a fake clock, and saving its windows under its own instance id until every window the kind produces is saved.
/// </summary>
public sealed class MonitoredFleet : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 10, 20, 0, TimeSpan.Zero);

    private static readonly int[] Shares = [200, 300, 400];
    private readonly List<ServiceProvider> _instances = [];

    private MonitoredFleet(string root)
    {
        Root = root;
    }

    public FakeTimeProvider Time { get; } = new(Start);

    public string Root { get; }

    public IReadOnlyList<string> InstanceIds { get; } = ["host-0", "host-1", "host-2"];

    /// <summary>Gets the rows and decisions each instance observed, by instance id.</summary>
    public Dictionary<string, (List<LoanRow> Rows, List<LoanDecision> Decisions)> Observed { get; } = new(StringComparer.Ordinal);

    public IModelRegistry Registry => _instances[0].GetRequiredService<IModelRegistry>();

    public IModelOpsReportGenerator Generator => _instances[0].GetRequiredService<IModelOpsReportGenerator>();

    /// <summary>Starts the instances, feeds them, closes their windows and waits until every window is saved.</summary>
    public static async Task<MonitoredFleet> RunAsync(FleetWindowKind kind)
    {
        var fleet = new MonitoredFleet(Path.Combine(Path.GetTempPath(), "modelops-fleet-kinds-" + Guid.NewGuid().ToString("N")));
        try
        {
            await fleet.RunInternalAsync(kind);
            return fleet;
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }
    }

    /// <summary>Reads every window the instances saved, through the registry, in saving order.</summary>
    public async Task<List<(ModelDocument Document, SavedMonitoringWindow Window)>> SavedWindowsAsync()
    {
        var saved = new List<(ModelDocument, SavedMonitoringWindow)>();
        foreach (var document in (await Registry.ListDocumentsAsync("loans", 1, DocumentKinds.MonitoringWindow)).OrderBy(static d => d.Sequence))
        {
            saved.Add((document, SavedMonitoringWindow.FromJson((await Registry.ReadDocumentAsync(document)).Span)));
        }

        return saved;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    private async Task RunInternalAsync(FleetWindowKind kind)
    {
        foreach (var id in InstanceIds)
        {
            _instances.Add(Instance(id, kind));
        }

        await using (var artifact = new MemoryStream([1, 2, 3]))
        {
            await Registry.RegisterAsync(new ModelVersionRegistration { ModelName = "loans", Flavor = "custom", Artifact = artifact });
        }

        var (reference, referenceDecisions) = ProfileRows.Generate(2_000, seed: 1);
        await Registry.SaveReferenceProfileAsync("loans", 1, ProfileRows.Schema.FitReference(reference, referenceDecisions));
        await Registry.SetAliasAsync("loans", "champion", 1, "release");

        var monitors = new List<AliasMonitor<LoanRow, LoanDecision>>();
        var detectors = new List<ConceptDriftMonitor<bool, bool>>();
        for (var k = 0; k < _instances.Count; k++)
        {
            if (kind == FleetWindowKind.UnalignedTumbling && k > 0)
            {
                Time.Advance(TimeSpan.FromMinutes(5));   // each instance's windows start when it starts
            }

            var monitor = _instances[k].GetRequiredService<AliasMonitor<LoanRow, LoanDecision>>();
            await monitor.StartAsync(CancellationToken.None);
            var conceptDrift = ConceptDriftMonitor.ForClassification<bool>(timeProvider: Time);
            monitor.Current!.ConceptDriftSource = conceptDrift.CloseWindow;
            monitors.Add(monitor);
            detectors.Add(conceptDrift);
        }

        var (rows, decisions) = ProfileRows.Generate(Shares.Sum(), seed: 7, incomeShift: 12_000);
        var first = 0;
        for (var k = 0; k < monitors.Count; k++)
        {
            var mine = (rows.GetRange(first, Shares[k]), decisions.GetRange(first, Shares[k]));
            Observed[InstanceIds[k]] = mine;
            first += Shares[k];
            for (var i = 0; i < Shares[k]; i++)
            {
                monitors[k].Observe(mine.Item1[i], mine.Item2[i]);

                // The last instance's labels turn against its decisions halfway: its own detectors see errors the others never do.
                var label = k == monitors.Count - 1 && i >= Shares[k] / 2 ? !mine.Item2[i].Approved : mine.Item2[i].Approved;
                detectors[k].RecordOutcome(mine.Item2[i].Approved, label);
            }
        }

        var expected = kind switch
        {
            FleetWindowKind.RowCount => Shares.Sum() / 100,
            FleetWindowKind.Sliding => 2 * monitors.Count,   // at 10:30 and at 11:00, both holding the rows of 10:20 to 10:30
            _ => monitors.Count,
        };
        IEnumerable<DateTimeOffset> boundaries = kind switch
        {
            FleetWindowKind.AlignedTumbling => [At(11, 0)],
            FleetWindowKind.UnalignedTumbling => [At(11, 20), At(11, 25), At(11, 30)],
            FleetWindowKind.Sliding => [At(10, 30), At(11, 0)],
            _ => [],
        };
        foreach (var boundary in boundaries)
        {
            Time.Advance(boundary - Time.GetUtcNow());
        }

        var clock = new PacedClock(Time);
        var saved = 0;
        await clock.UntilAsync(
            async () => (saved = (await Registry.ListDocumentsAsync("loans", 1, DocumentKinds.MonitoringWindow)).Count) >= expected,
            () => $"the {expected} windows; {saved} were saved; " + string.Join("; ", monitors.Select(static (m, k) => $"monitor {k}: {m.Status}")));
        foreach (var monitor in monitors)
        {
            await clock.PumpAsync(monitor.StopAsync(CancellationToken.None));
        }
    }

    private static DateTimeOffset At(int hour, int minute) => new(2026, 3, 1, hour, minute, 0, TimeSpan.Zero);

    private ServiceProvider Instance(string id, FleetWindowKind kind)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        services.AddModelOps(o => o.InstanceId = id).UseFileSystem(Root, static o => o.LockTimeout = PacedClock.LockTimeout)
            .AddMonitoring(o =>
            {
                o.SavedReportName = "production";
                switch (kind)
                {
                    case FleetWindowKind.AlignedTumbling:
                        o.Windows.WindowDuration = TimeSpan.FromHours(1);
                        o.Windows.AlignToUtcPeriods = true;
                        break;
                    case FleetWindowKind.UnalignedTumbling:
                        o.Windows.WindowDuration = TimeSpan.FromHours(1);
                        break;
                    case FleetWindowKind.RowCount:
                        o.Windows.WindowDuration = null;
                        o.Windows.WindowRows = 100;
                        break;
                    default:
                        o.Windows.WindowDuration = TimeSpan.FromHours(1);
                        o.Windows.SubWindows = 2;
                        o.Windows.AlignToUtcPeriods = true;
                        break;
                }
            })
            .AddAliasMonitor("loans", "champion", ProfileRows.Schema)
            .AddReporting();
        return services.BuildServiceProvider();
    }
}
