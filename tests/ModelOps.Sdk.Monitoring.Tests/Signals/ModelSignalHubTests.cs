using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.Monitoring.Drift;
using ModelOps.Sdk.Monitoring.Fairness;
using ModelOps.Sdk.Monitoring.Quality;
using ModelOps.Sdk.Monitoring.Reports;
using ModelOps.Sdk.Monitoring.Signals;
using ModelOps.Sdk.Signals;

namespace ModelOps.Sdk.Monitoring.Tests.Signals;

public class ModelSignalHubTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task OnAlertAsync_MapsEachKind_DataQualityCritical_OthersWarning_TimedAtTheWindowsEnd()
    {
        var hub = new ModelSignalHub(new FakeTimeProvider(Now));
        var windowEnd = Now.AddMinutes(-5);
        var report = Report(driftedShare: 0.6, badRowShare: 0.2, fairness: true) with { WindowEndedAt = windowEnd };
        var alert = MonitoringAlert.For("credit", 2, report)!;

        await hub.OnAlertAsync(alert, CancellationToken.None);

        var signals = await hub.GetSignalsAsync("credit", 2);
        Assert.Equal(
            [(ModelSignalKind.Drift, ModelSignalSeverity.Warning), (ModelSignalKind.DataQuality, ModelSignalSeverity.Critical), (ModelSignalKind.Fairness, ModelSignalSeverity.Warning)],
            signals.Select(s => (s.Kind, s.Severity)));
        Assert.All(signals, s => Assert.Equal(("credit", 2, windowEnd), (s.ModelName, s.ModelVersion, s.RaisedAt)));
        Assert.Contains("3 of 5 input features drifted (a, b, c", signals[0].Detail, StringComparison.Ordinal);
        Assert.Contains("'gender' demographic parity ratio 0.5", signals[2].Detail, StringComparison.Ordinal);
        Assert.Empty(await hub.GetSignalsAsync("credit", 1));
    }

    [Fact]
    public async Task Signals_AreStickyPerKind_ANewerOneReplaces_ClearAcknowledges()
    {
        var hub = new ModelSignalHub(new FakeTimeProvider(Now));
        await hub.OnAlertAsync(MonitoringAlert.For("credit", 2, Report(driftedShare: 0.6, badRowShare: 0, fairness: false))!, CancellationToken.None);
        hub.Publish(new ModelSignal("credit", 2, ModelSignalKind.Drift, ModelSignalSeverity.Warning, "newer", Now.AddHours(1)));

        var drift = Assert.Single(await hub.GetSignalsAsync("credit", 2));
        Assert.Equal("newer", drift.Detail);
        Assert.Equal(1, hub.Clear("credit", 2));
        Assert.Empty(await hub.GetSignalsAsync("credit", 2));
        Assert.Equal(0, hub.Clear("credit", 2));
    }

    [Fact]
    public void AddMonitoring_RegistersOneHub_AsAlertObserverAndSignalSource()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory().AddMonitoring().AddMonitoring();
        using var provider = services.BuildServiceProvider();

        var hub = provider.GetRequiredService<ModelSignalHub>();
        Assert.Same(hub, Assert.Single(provider.GetServices<IModelSignalSource>()));
        Assert.Same(hub, Assert.Single(provider.GetServices<IMonitoringAlertObserver>()));
    }

    private static MonitoringReport Report(double driftedShare, double badRowShare, bool fairness)
    {
        string[] drifted = driftedShare > 0.5 ? ["a", "b", "c"] : [];
        var counts = new GroupOutcomeCounts();
        for (var i = 0; i < 100; i++)
        {
            counts.Add(new FairnessGroup("f"), selected: i < 60, actualPositive: i < 55);
            counts.Add(new FairnessGroup("m"), selected: i < 30, actualPositive: i < 55);
        }

        return new MonitoringReport
        {
            ModelName = "credit",
            Features = [],
            DatasetDrift = new DatasetDriftSummary(5, drifted.Length, drifted.Length / 5.0, 0.5, drifted.Length >= 3, PValueCorrection.None, drifted),
            DataQuality = new DataQualityReport { RowCount = 100, BadRowCount = (long)(badRowShare * 100), BadRowShare = badRowShare, Alert = badRowShare > 0.05, Features = [] },
            FairnessByAttribute = fairness ? [FairnessMetrics.Compute(counts) with { Attribute = "gender" }] : [],
        };
    }
}
