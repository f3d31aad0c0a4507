using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.Monitoring.ConceptDrift;
using ModelOps.Sdk.Monitoring.Fairness;
using ModelOps.Sdk.Monitoring.Monitors;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Reports;
using ModelOps.Sdk.Monitoring.Telemetry;
using ModelOps.Sdk.Monitoring.Tests.Profiles;
using ModelOps.Sdk.Monitoring.Tests.Reports;

namespace ModelOps.Sdk.Monitoring.Tests.DependencyInjection;

public class MonitoringEndToEndTests
{
    private sealed class RecordingObserver : IMonitoringAlertObserver
    {
        public TaskCompletionSource<MonitoringAlert> First { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ValueTask OnAlertAsync(MonitoringAlert alert, CancellationToken cancellationToken)
        {
            First.TrySetResult(alert);
            return ValueTask.CompletedTask;
        }
    }

    private static async Task<(ServiceProvider Provider, IModelMonitorFactory Factory, RecordingObserver Observer, FakeTimeProvider Time)> HostAsync()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
        var observer = new RecordingObserver();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<IMonitoringAlertObserver>(observer);
        services.AddModelOps().UseInMemory().AddMonitoring(o =>
        {
            o.Windows.WindowDuration = TimeSpan.FromDays(1);
            o.Quality.BadRowShareAlert = 0.5;
        });
        var provider = services.BuildServiceProvider();
        var registry = provider.GetRequiredService<IModelRegistry>();
        await using var artifact = new MemoryStream([1, 2, 3]);
        var version = await registry.RegisterAsync(new ModelVersionRegistration
        {
            ModelName = "loans",
            Flavor = "custom",
            Artifact = artifact,
            Signature = new ModelSignature(
                [new("Income", "float64"), new("Age", "int32"), new("Region", "string"), new("Channel", "string"), new("HasCoSigner", "bool")],
                [new("Score", "float64"), new("Approved", "bool")]),
        });
        var (rows, decisions) = new SyntheticLoans().Generate(5_000, seed: 41);
        await registry.SaveReferenceProfileAsync("loans", version.Version, ProfileRows.Schema.FitReference(rows, decisions));
        return (provider, provider.GetRequiredService<IModelMonitorFactory>(), observer, time);
    }

    [Fact]
    public async Task DriftedDay_ReportWrittenAlertRaisedMetricsRecorded()
    {
        var (provider, factory, observer, time) = await HostAsync();
        await using var _ = provider;
        var scores = new List<(string Feature, double Score)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MonitoringMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "modelops.monitoring.drift.score")
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "modelops.feature")
                    {
                        lock (scores)
                        {
                            scores.Add(((string)tag.Value!, value));
                        }
                    }
                }
            }
        });
        listener.Start();

        using var monitor = await factory.CreateAsync("loans", 1, ProfileRows.Schema);
        Assert.Empty(monitor.SignatureIssues);
        var (rows, decisions) = new SyntheticLoans(IncomeMean: 62_000, NewRegionShare: 0.25).Generate(5_000, seed: 42);
        for (var i = 0; i < rows.Count; i++)
        {
            monitor.Observe(rows[i], decisions[i]);
        }

        time.Advance(TimeSpan.FromDays(1));   // the day's window closes on the injected clock
        var alert = await observer.First.Task.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal("loans", alert.ModelName);
        Assert.True(alert.Kinds.HasFlag(MonitoringAlertKinds.PredictionDrift));
        Assert.Equal(5_000, alert.Report.CurrentRows);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero), alert.Report.WindowEndedAt);
        Assert.Same(alert.Report, monitor.LastReport);
        lock (scores)
        {
            Assert.Contains(scores, s => s.Feature == "Income" && s.Score > 0.1);
        }
    }

    [Fact]
    public async Task CloseWindowAsync_QuietWindow_ReportWithoutAlert()
    {
        var (provider, factory, observer, _) = await HostAsync();
        await using var __ = provider;
        using var monitor = await factory.CreateAsync("loans", 1, ProfileRows.Schema);
        var (rows, decisions) = new SyntheticLoans().Generate(5_000, seed: 43);
        for (var i = 0; i < rows.Count; i++)
        {
            monitor.Observe(rows[i], decisions[i]);
        }

        var report = await monitor.CloseWindowAsync();

        Assert.False(report.HasAlerts, report.ToText());
        Assert.False(observer.First.Task.IsCompleted);
    }

    [Fact]
    public async Task LateLabelsWithARisingErrorRate_ReportCarriesConceptDriftAndLabelCountsAndAlerts()
    {
        var (provider, factory, observer, time) = await HostAsync();
        await using var __ = provider;
        using var monitor = await factory.CreateAsync("loans", 1, ProfileRows.Schema);
        var conceptDrift = ConceptDriftMonitor.ForClassification<bool>(timeProvider: time);
        monitor.ConceptDriftSource = conceptDrift.CloseWindow;
        var (rows, decisions) = new SyntheticLoans().Generate(3_000, seed: 45);
        var random = new Random(46);
        for (var i = 0; i < rows.Count; i++)
        {
            monitor.Observe(rows[i], decisions[i]);
            conceptDrift.RecordPrediction($"loan-{i}", decisions[i].Approved);
        }

        time.Advance(TimeSpan.FromHours(12));   // labels come half a day later, newest first; the error rate rises from 5% to 60%
        for (var i = rows.Count - 1; i >= 0; i--)
        {
            var wrong = random.NextDouble() < (i < 1_500 ? 0.05 : 0.6);
            conceptDrift.RecordLabel($"loan-{i}", decisions[i].Approved != wrong);
        }

        conceptDrift.RecordLabel("loan-unknown", true);
        var report = await monitor.CloseWindowAsync();

        Assert.Contains(report.ConceptDrift, d => d.Detector == "ADWIN" && d.State == ConceptDriftState.Drift && d.WindowDetections > 0);
        Assert.Equal(3_000, report.Labels!.JoinedLabels);
        Assert.Equal(1, report.Labels.UnmatchedLabels);
        Assert.True((await observer.First.Task.WaitAsync(TimeSpan.FromSeconds(60))).Kinds.HasFlag(MonitoringAlertKinds.ConceptDrift));
        Assert.Contains("labels: 3,000 joined", report.ToText(), StringComparison.Ordinal);
        var roundTrip = MonitoringReport.FromJson(report.ToJson());
        Assert.Equal(report.Labels, roundTrip.Labels);
        Assert.Equal(report.ConceptDrift, roundTrip.ConceptDrift);
    }

    [Fact]
    public async Task TrackFairness_OneRegionRarelyApproved_ReportFilledFromTheObservedRowsAndAlerts()
    {
        var (provider, factory, observer, _) = await HostAsync();
        await using var __ = provider;
        using var monitor = await factory.CreateAsync("loans", 1, ProfileRows.Schema);
        monitor.TrackFairness(new FairnessMonitorBuilder<LoanRow, LoanDecision>(d => d.Approved)
            .AddAttribute("Region", r => r.Region, new FairnessOptions { PrivilegedGroup = new FairnessGroup("US") })
            .AddAttribute("HasCoSigner", r => r.HasCoSigner ? "yes" : "no")
            .AddIntersection("Region", "HasCoSigner")
            .Build());
        var (rows, decisions) = new SyntheticLoans().Generate(5_000, seed: 47);
        for (var i = 0; i < rows.Count; i++)
        {
            // EU applicants are approved a fifth as often as the score says.
            var approved = decisions[i].Approved && (rows[i].Region != "EU" || i % 5 == 0);
            monitor.Observe(rows[i], decisions[i] with { Approved = approved });
        }

        var report = await monitor.CloseWindowAsync();

        Assert.Equal(["Region", "HasCoSigner", "Region & HasCoSigner"], report.FairnessByAttribute.Select(f => f.Attribute));
        Assert.Same(report.FairnessByAttribute[0], report.Fairness);
        Assert.Equal(5_000, report.Fairness!.Groups.Sum(g => g.Counts.Count));
        Assert.Equal("EU", report.Fairness.DemographicParityDifference.LowestGroup!.Value.Value);
        Assert.Contains(report.Fairness.ComparisonsWithPrivileged, c => c.Group.Value == "EU" && c.PassesFourFifthsRule == false);
        Assert.True(report.FairnessAlert);
        Assert.True((await observer.First.Task.WaitAsync(TimeSpan.FromSeconds(60))).Kinds.HasFlag(MonitoringAlertKinds.Fairness));
        Assert.Contains("fairness (Region & HasCoSigner)", report.ToText(), StringComparison.Ordinal);
        Assert.Equal(3, MonitoringReport.FromJson(report.ToJson()).FairnessByAttribute.Count);
    }

    [Fact]
    public async Task CreateAsync_SchemaOffSignature_ReportsTheIssue()
    {
        var (provider, factory, _, _) = await HostAsync();
        await using var __ = provider;
        var schema = new Schema.MonitoringSchemaBuilder<LoanRow, LoanDecision>().AddInputProperties("Age").AddPredictionProperties().Build();
        var (rows, decisions) = new SyntheticLoans().Generate(100, seed: 44);
        var registry = provider.GetRequiredService<IModelRegistry>();
        await registry.SaveReferenceProfileAsync("loans", 1, schema.FitReference(rows, decisions), reason: "refit without age");   // revision 2 wins

        using var monitor = await factory.CreateAsync("loans", 1, schema);

        Assert.Equal("Age", Assert.Single(monitor.SignatureIssues).Field);
    }

    [Fact]
    public async Task CreateAsync_NoReferenceProfile_Throws()
    {
        var (provider, factory, _, _) = await HostAsync();
        await using var __ = provider;
        var registry = provider.GetRequiredService<IModelRegistry>();
        await using var artifact = new MemoryStream([4]);
        await registry.RegisterAsync(new ModelVersionRegistration { ModelName = "loans", Flavor = "custom", Artifact = artifact });

        await Assert.ThrowsAsync<ReferenceProfileNotFoundException>(() => factory.CreateAsync("loans", 2, ProfileRows.Schema));
    }

    [Fact]
    public void AddMonitoring_InvalidOptions_FailOnFirstResolutionNamingTheValue()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory().AddMonitoring(o =>
        {
            o.Windows.WindowRows = 1000;      // and WindowDuration keeps its default: both set
            o.Drift.DatasetDriftShare = 1.5;
        });
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IModelMonitorFactory>());
        Assert.Contains("exactly one of WindowRows (1000)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("DatasetDriftShare must be in [0, 1] (was 1.5)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddMonitoring_Twice_RegistersOnce()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory().AddMonitoring().AddMonitoring();
        Assert.Single(services, d => d.ServiceType == typeof(IModelMonitorFactory));
    }
}
