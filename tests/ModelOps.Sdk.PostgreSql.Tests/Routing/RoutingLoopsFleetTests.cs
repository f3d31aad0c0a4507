using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelOps.Sdk.Loops;
using ModelOps.Sdk.PostgreSql.Tests.Infrastructure;
using ModelOps.Sdk.Routing;
using ModelOps.Sdk.Routing.Automation;
using ModelOps.Sdk.Routing.Control;
using ModelOps.Sdk.Routing.Evaluation;
using ModelOps.Sdk.Routing.Experiments;
using ModelOps.Sdk.Routing.Statistics;
using ModelOps.Sdk.S3.Tests.Infrastructure;

namespace ModelOps.Sdk.PostgreSql.Tests.Routing;

/// <summary>
/// Two instances of a service, each with its own container, registry and data source, run the same routing loops against one
/// PostgreSQL registry and take the same promotion decision: the champion alias moves once.
/// </summary>
[Collection(PostgreSqlServerGroup.Name)]
public sealed class RoutingLoopsFleetTests(PostgreSqlFixture fixture)
{
    private const string Model = "credit";

    [Fact]
    public async Task EvaluationLoops_TwoInstancesTakeTheSamePromotionDecision_TheAliasMovesOnce_AndTheSecondLogsItAtInformation()
    {
        await using var fleet = new PostgreSqlRegistryHost(fixture, "loops_fleet");
        var aPromoted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var logsA = new CollectingLoggerFactory();
        var logsB = new CollectingLoggerFactory();
        // Instance B asks for the statistics once it has read the experiment as running, and gets them only once A has promoted; A
        // gets them only once B has asked. So B takes the same decision on the same evidence, after A acted on it (the interleaving a
        // fleet meets by chance, made certain whichever instance's loop the machine schedules first).
        var (_, a) = fleet.AddRegistry(null, PostgreSqlRegistryHost.FrozenClock(), null, builder => AddLoops(builder, logsA, "instance-a", gate: bRead.Task, entered: null));
        var (_, b) = fleet.AddRegistry(null, PostgreSqlRegistryHost.FrozenClock(), null, builder => AddLoops(builder, logsB, "instance-b", gate: aPromoted.Task, entered: bRead));
        a.GetRequiredService<ChampionChallengerAutomation>().Promoted += (_, _) => aPromoted.TrySetResult();

        var registry = a.GetRequiredService<IModelRegistry>();
        await registry.RegisterAsync(PostgreSqlRegistryHost.Registration(Model, "v1"));
        await registry.RegisterAsync(PostgreSqlRegistryHost.Registration(Model, "v2"));
        await registry.SetAliasAsync(Model, "champion", 1, "first release");
        await registry.SetAliasAsync(Model, "challenger", 2, "candidate");
        await a.GetRequiredService<ExperimentStore>().SaveAsync(
            new ExperimentBuilder(Model, "split").WithChampionAlias("champion", weight: 50).AddChallengerAlias("next", "challenger", weight: 50)
                .WithMetric(QualityMetricKind.Reward)
                .WithEvaluation(new EvaluationPolicy { MinimumDuration = TimeSpan.Zero, MinimumSamplesPerArm = 200, MixingVariance = 0.01 })
                .Build(),
            "split 50/50");
        RecordRewards(a.GetRequiredService<ExperimentRecorders>(), "champion", 1, successRate: 0.3, seed: 1);
        RecordRewards(a.GetRequiredService<ExperimentRecorders>(), "next", 2, successRate: 0.7, seed: 2);
        await a.GetRequiredService<ExperimentStatisticsStore>().SaveAsync(Model, a.GetRequiredService<ExperimentRecorders>().Snapshot(Model, "split"));

        var loopsA = a.GetServices<IModelOpsLoop>().Where(l => l.Name.StartsWith("routing:", StringComparison.Ordinal)).ToArray();
        var loopsB = b.GetServices<IModelOpsLoop>().Where(l => l.Name.StartsWith("routing:", StringComparison.Ordinal)).ToArray();
        var startB = Task.WhenAll(loopsB.Select(l => l.StartAsync(CancellationToken.None)));
        await Task.WhenAll(loopsA.Select(l => l.StartAsync(CancellationToken.None)));
        await startB;
        await Task.WhenAll(loopsA.Concat(loopsB).Select(l => l.StopAsync(CancellationToken.None)));
        Assert.True(aPromoted.Task.IsCompleted, "A did not promote. A's log:\n" + string.Join("\n", logsA.Entries) + "\nB's log:\n" + string.Join("\n", logsB.Entries));

        Assert.Equal(2, (await registry.ResolveAliasAsync(Model, "champion")).Version);
        var audit = await registry.ReadAuditLogAsync(Model);
        Assert.Single(audit, e => e.Reason?.StartsWith("Auto-promote: ", StringComparison.Ordinal) == true);
        var history = await registry.GetAliasHistoryAsync(Model, "champion");
        Assert.Equal([1, 2], history.Select(h => h.Version ?? 0));
        Assert.Equal(ExperimentStatus.Concluded, (await a.GetRequiredService<ExperimentStore>().LoadAsync(Model, "split"))!.Status);
        Assert.Single(await registry.ListDocumentsAsync(Model, 2, DocumentKinds.PromotionEvidence));
        foreach (var loop in loopsA.Concat(loopsB).Where(l => l.Name == "routing:evaluation"))
        {
            Assert.True(loop.Status.LastRunAt is not null && loop.Status.LastError is null, $"{loop.Name}: {loop.Status}");
        }

        Assert.Contains(logsA.Entries, e => e.StartsWith("Information 1 Auto-promoted credit/champion from version 1 to 2", StringComparison.Ordinal));
        Assert.Contains(logsB.Entries, e => e.StartsWith("Information 6 Automatic promotion of credit/champion was already made", StringComparison.Ordinal));
        Assert.DoesNotContain(logsB.Entries, e => e.StartsWith("Warning", StringComparison.Ordinal) || e.StartsWith("Error", StringComparison.Ordinal));
    }

    private static void AddLoops(IModelOpsBuilder builder, CollectingLoggerFactory logs, string instanceId, Task gate, TaskCompletionSource? entered)
    {
        builder.Services.AddSingleton<ILoggerFactory>(logs);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.AddSingleton<StoredExperimentStatisticsSource>();
        builder.Services.AddSingleton<IExperimentStatisticsSource>(sp => new GatedStatisticsSource(sp.GetRequiredService<StoredExperimentStatisticsSource>(), gate, entered));
        builder.AddRouting(o => o.InstanceId = instanceId)
            .AddRoutingLoops(o =>
            {
                o.AutoPromote = true;
                o.RampEnabled = false;
                o.StatisticsSnapshotsEnabled = false;
            });
    }

    private static void RecordRewards(ExperimentRecorders recorders, string arm, int version, double successRate, int seed)
    {
        var recorder = recorders.GetRecorder(Model, "split", arm, version, QualityMetricKind.Reward);
        var random = new Random(seed);
        for (var i = 0; i < 400; i++)
        {
            recorder.RecordCall(TimeSpan.FromMilliseconds(1), failed: false);
            recorder.RecordReward(random.NextDouble() < successRate ? 1 : 0);
        }
    }

    /// <summary>
    /// The stored (fleet-wide) statistics, handed out once <paramref name="gate"/> has completed; <paramref name="entered"/> is
    /// completed when they are first asked for.
    /// </summary>
    private sealed class GatedStatisticsSource(IExperimentStatisticsSource inner, Task gate, TaskCompletionSource? entered) : IExperimentStatisticsSource
    {
        public async ValueTask<ExperimentStatistics> GetAsync(string modelName, string experimentName, CancellationToken cancellationToken = default)
        {
            entered?.TrySetResult();
            // Bounded, so a failure of the other instance fails the test instead of holding this loop (and its stop) for ever.
            await gate.WaitAsync(TimeSpan.FromMinutes(1), cancellationToken);

            return await inner.GetAsync(modelName, experimentName, cancellationToken);
        }
    }
}
