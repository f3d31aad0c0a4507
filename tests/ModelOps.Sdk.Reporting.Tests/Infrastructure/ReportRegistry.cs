using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.Governance;
using ModelOps.Sdk.Monitoring.Monitors;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Reports;
using ModelOps.Sdk.Monitoring.Tests.Profiles;
using ModelOps.Sdk.Routing.Control;
using ModelOps.Sdk.Routing.Evaluation;
using ModelOps.Sdk.Routing.Experiments;
using ModelOps.Sdk.Routing.Statistics;
using ModelOps.Sdk.Rules;
using ModelOps.Sdk.Security;

namespace ModelOps.Sdk.Reporting.Tests.Infrastructure;

/// <summary>
/// A real filesystem registry with four rules models, each in a state the report must put in words: <c>credit</c> monitored and
/// healthy with a challenger in a running experiment, <c>fraud</c> whose inputs drifted in its last two windows, <c>pricing</c>
/// rolled back, and <c>churn</c> approved and champion but never monitored. Versions are approved through governance (registered by
/// alice, approved by bob, deployed by dave); windows are real monitoring reports of generated loan rows, one a day on a fake clock.
/// </summary>
public sealed class ReportRegistry : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly SwitchableActor _actor = new();
    private ServiceProvider _provider = null!;

    public FakeTimeProvider Time { get; } = new(Start);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "modelops-report-" + Guid.NewGuid().ToString("N"));

    public IModelRegistry Registry => _provider.GetRequiredService<IModelRegistry>();

    public IModelOpsReportGenerator Generator => _provider.GetRequiredService<IModelOpsReportGenerator>();

    /// <summary>When fraud's first drifted window started.</summary>
    public DateTimeOffset FraudDriftStartedAt { get; private set; }

    /// <summary>When credit's last window ended.</summary>
    public DateTimeOffset CreditLastWindowEndedAt { get; private set; }

    private DateTimeOffset LastWindowEndedAt { get; set; }

    /// <summary>When pricing's champion was rolled back.</summary>
    public DateTimeOffset PricingRolledBackAt { get; private set; }

    /// <summary>When churn's version 1 became champion.</summary>
    public DateTimeOffset ChurnChampionAt { get; private set; }

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        services.AddModelOps().UseFileSystem(Root).AddRules()
            .AddMonitoring(o =>
            {
                o.Drift.DatasetDriftShare = 0.3;      // 2 of the 5 loan inputs shifted is dataset drift here
                o.Quality.BadRowShareAlert = 0.2;     // the generator leaves 5% of ages missing on purpose
            })
            .AddGovernance()
            .AddReporting();
        services.Replace(ServiceDescriptor.Singleton<IActorAccessor>(_actor));
        _provider = services.BuildServiceProvider();

        await ReleaseAsync("credit", versions: 2, champion: 1);
        await MonitorAsync("credit", 1, 0, 0, 0);
        CreditLastWindowEndedAt = LastWindowEndedAt;
        await ExperimentAsync();

        await ReleaseAsync("fraud", versions: 1, champion: 1);
        await MonitorAsync("fraud", 1, 0, 0, 40_000, 40_000);

        await ReleaseAsync("pricing", versions: 2, champion: 1);
        Time.Advance(TimeSpan.FromHours(1));
        _actor.ActAs("dave", "model-deployer");
        await Registry.MoveAliasAsync("pricing", "champion", 2, expectedCurrentVersion: 1, reason: "CR-1 new price curve");
        Time.Advance(TimeSpan.FromHours(1));
        PricingRolledBackAt = Time.GetUtcNow();
        await Registry.RollbackAliasAsync("pricing", "champion", "error rate");

        await ReleaseAsync("churn", versions: 1, champion: 1);
        ChurnChampionAt = Time.GetUtcNow();
        Time.Advance(TimeSpan.FromDays(1));
    }

    public async Task DisposeAsync()
    {
        await _provider.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp directory left behind is harmless.
        }
    }

    /// <summary>Registers rules versions as alice, approves each as bob, fits a reference profile, and makes one champion as dave.</summary>
    private async Task ReleaseAsync(string model, int versions, int champion)
    {
        var governance = _provider.GetRequiredService<IGovernanceService>();
        for (var v = 1; v <= versions; v++)
        {
            _actor.ActAs("alice");
            using var table = new MemoryStream(Encoding.UTF8.GetBytes(Rules(score: 0.5 + (v / 10.0))));
            await Registry.RegisterAsync(new ModelVersionRegistration
            {
                ModelName = model,
                Flavor = RulesFlavor.FlavorName,
                Artifact = table,
                Metrics = new Dictionary<string, double> { ["auc"] = 0.80 + (v / 100.0) },
                Lineage = new ModelLineage { SourceRevision = $"git-{model}-{v}", ParentVersion = v > 1 ? v - 1 : null },
            });
            var (rows, decisions) = ProfileRows.Generate(2_000, seed: v);
            await Registry.SaveReferenceProfileAsync(model, v, ProfileRows.Schema.FitReference(rows, decisions));
            _actor.ActAs("bob", "model-approver");
            await governance.ApproveAsync(model, v, $"reviewed {model} v{v}");
            Time.Advance(TimeSpan.FromMinutes(5));
        }

        _actor.ActAs("dave", "model-deployer");
        await Registry.SetAliasAsync(model, "champion", champion, $"release {model} v{champion}");
    }

    /// <summary>One window a day per entry, each of 500 generated rows with the given income shift, saved as the monitors save them.</summary>
    private async Task MonitorAsync(string model, int version, params double[] shifts)
    {
        using var monitor = await _provider.GetRequiredService<IModelMonitorFactory>().CreateAsync(model, version, ProfileRows.Schema);
        for (var i = 0; i < shifts.Length; i++)
        {

            var (rows, decisions) = ProfileRows.Generate(500, seed: 100 + i, incomeShift: shifts[i], extraRegion: shifts[i] != 0 ? "MARS" : null);
            for (var r = 0; r < rows.Count; r++)
            {
                monitor.Observe(rows[r], decisions[r]);
            }

            var report = await monitor.CloseWindowAsync();
            if (shifts[i] != 0 && FraudDriftStartedAt == default)
            {
                FraudDriftStartedAt = report.WindowStartedAt ?? report.WindowEndedAt ?? Time.GetUtcNow();
            }

            await Registry.SaveMonitoringReportAsync(model, version, report, "production", "daily window");
            LastWindowEndedAt = report.WindowEndedAt ?? Time.GetUtcNow();
            Time.Advance(TimeSpan.FromDays(1));
        }
    }

    /// <summary>An experiment of credit's champion against version 2 (the challenger alias), with statistics of real recorders.</summary>
    private async Task ExperimentAsync()
    {
        _actor.ActAs("dave", "model-deployer");
        await Registry.SetAliasAsync("credit", "challenger", 2, "evaluate v2");
        var definition = new ExperimentBuilder("credit", "credit-ab")
            .WithChampionAlias("champion", weight: 0.5)
            .AddChallengerVersion("v2", 2, weight: 0.5)
            .WithMetric(QualityMetricKind.BinaryClassification)
            .WithEvaluation(new EvaluationPolicy { MinimumDuration = TimeSpan.Zero, MinimumSamplesPerArm = 100 })
            .Build();
        await new ExperimentStore(Registry, Time).SaveAsync(definition, "start the A/B test");
        var champion = new ArmStatisticsRecorder("champion", 1, QualityMetricKind.BinaryClassification);
        var challenger = new ArmStatisticsRecorder("v2", 2, QualityMetricKind.BinaryClassification);
        for (var i = 0; i < 1000; i++)
        {
            champion.RecordCall(TimeSpan.FromMilliseconds(4), failed: false);
            challenger.RecordCall(TimeSpan.FromMilliseconds(5), failed: false);
            champion.RecordBinaryOutcome(actual: true, predictedScore: i % 100 < 80 ? 0.9 : 0.1);
            challenger.RecordBinaryOutcome(actual: true, predictedScore: i % 100 < 81 ? 0.9 : 0.1);
            if (i == 499)
            {
                // A snapshot half way, so the report draws the effect over time.
                Time.Advance(TimeSpan.FromHours(1));
                await SnapshotAsync();
            }
        }

        Time.Advance(TimeSpan.FromHours(1));
        await SnapshotAsync();

        Task<ModelDocument> SnapshotAsync() => new ExperimentStatisticsStore(Registry).SaveAsync("credit", new ExperimentStatistics
        {
            ExperimentName = "credit-ab",
            Instances = ["instance-a"],
            CapturedAt = Time.GetUtcNow(),
            Arms = [champion.Snapshot(), challenger.Snapshot()],
        });
    }

    private static string Rules(double score) => $$"""
        {
          "formatVersion": 1,
          "name": "decision",
          "hitPolicy": "FIRST",
          "inputs": [ { "name": "age", "type": "integer" } ],
          "outputs": [ { "name": "score", "type": "number" }, { "name": "approved", "type": "boolean" } ],
          "rules": [
            { "id": "minor", "when": { "age": { "op": "<", "value": 18 } }, "then": { "score": 0.0, "approved": false } },
            { "id": "adult", "then": { "score": {{score.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, "approved": true } }
          ]
        }
        """;
}
