using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Loops;
using ModelOps.Sdk.Monitoring.Monitors;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Schema;
using ModelOps.Sdk.Routing.Evaluation;
using ModelOps.Sdk.Routing.Experiments;
using ModelOps.Sdk.Routing.Statistics;

namespace ModelOps.Sdk.Routing.Tests.Loops;

/// <summary>The routing loops without a host: started and stopped by hand, driven by the fake clock.</summary>
public sealed class RoutingLoopsTests
{
    private static EvaluationPolicy Policy => new() { MinimumDuration = TimeSpan.Zero, MinimumSamplesPerArm = 200, MixingVariance = 0.01 };

    [Fact]
    public async Task EvaluationLoop_PromotesTheBetterChallenger_ThenRollsItBackOnAMonitorsDriftSignal_AndTheStatisticsLoopSavesAtStop()
    {
        await using var host = await RoutingHost.CreateAsync(services: s => s.AddModelOps().AddMonitoring().AddRoutingLoops(o =>
        {
            o.AutoPromote = true;
            o.RampEnabled = false;
            o.EvaluationInterval = TimeSpan.FromMinutes(1);
            o.StatisticsSnapshotInterval = TimeSpan.FromHours(1);
        }));
        await host.Store.SaveAsync(
            new ExperimentBuilder(RoutingHost.Model, "split").WithChampionAlias("champion", weight: 50).AddChallengerAlias("next", "challenger", weight: 50)
                .WithMetric(QualityMetricKind.Reward).WithEvaluation(Policy).Build(),
            "split 50/50");
        RecordRewards(host, "champion", 1, successRate: 0.3, seed: 1);
        RecordRewards(host, "next", 2, successRate: 0.7, seed: 2);

        var loops = host.Services.GetServices<IModelOpsLoop>().Where(l => l.Name.StartsWith("routing:", StringComparison.Ordinal)).ToArray();
        Assert.Equal(["routing:ramp", "routing:evaluation", "routing:statistics"], loops.Select(l => l.Name));
        foreach (var loop in loops)
        {
            await loop.StartAsync(CancellationToken.None);
        }

        // The first run, at start, promotes: the champion alias moved from the version the evaluation saw, the experiment concluded.
        Assert.Equal(2, (await host.Registry.ResolveAliasAsync(RoutingHost.Model, "champion")).Version);
        Assert.Equal(ExperimentStatus.Concluded, (await host.Store.LoadAsync(RoutingHost.Model, "split"))!.Status);
        Assert.Null(loops[0].Status.LastRunAt); // the ramp loop is disabled: it never runs

        // A real monitor of the promoted version sees shifted incomes; its alert is a signal the evaluation loop reads at its next run.
        using (var monitor = await MonitorAsync(host, version: 2))
        {
            foreach (var applicant in Applicants(500, incomeShift: 40_000, seed: 3))
            {
                monitor.Observe(applicant, Decide(applicant));
            }

            Assert.True((await monitor.CloseWindowAsync()).HasAlerts);
        }

        var evaluation = loops[1];
        var before = evaluation.Status.LastRunAt;
        host.Time.Advance(TimeSpan.FromMinutes(1));
        await UntilAsync(() => evaluation.Status.LastRunAt > before);
        Assert.Equal(1, (await host.Registry.ResolveAliasAsync(RoutingHost.Model, "champion")).Version);
        var audit = await host.Registry.ReadAuditLogAsync(RoutingHost.Model);
        Assert.Single(audit, e => e.Reason?.StartsWith("Auto-promote: ", StringComparison.Ordinal) == true);
        var rollback = Assert.Single(audit, e => e.Reason?.StartsWith("Auto-rollback: ", StringComparison.Ordinal) == true);
        Assert.Contains("signal:drift", rollback.Reason, StringComparison.Ordinal);
        Assert.Null(evaluation.Status.LastError);

        // Stopping stores the statistics recorded since the last snapshot, so no outcome is lost.
        RecordRewards(host, "next", 2, successRate: 0.7, seed: 4);
        foreach (var loop in loops.Reverse())
        {
            await loop.StopAsync(CancellationToken.None);
        }

        var stored = await host.Services.GetRequiredService<ExperimentStatisticsStore>().LoadMergedAsync(RoutingHost.Model, "split");
        Assert.Equal(800, stored!.FindArm("next", 2)!.Outcomes);
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 3_000 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition(), "the loop did not run");
    }

    private static void RecordRewards(RoutingHost host, string arm, int version, double successRate, int seed)
    {
        var recorder = host.Recorders.GetRecorder(RoutingHost.Model, "split", arm, version, QualityMetricKind.Reward);
        var random = new Random(seed);
        for (var i = 0; i < 400; i++)
        {
            recorder.RecordCall(TimeSpan.FromMilliseconds(1), failed: false);
            recorder.RecordReward(random.NextDouble() < successRate ? 1 : 0);
        }
    }

    private static async Task<ModelMonitor<Applicant, Decision>> MonitorAsync(RoutingHost host, int version)
    {
        var schema = new MonitoringSchemaBuilder<Applicant, Decision>().AddInputProperties(nameof(Applicant.Student)).AddPredictionProperties().Build();
        var reference = Applicants(2_000, incomeShift: 0, seed: 1);
        await host.Registry.SaveReferenceProfileAsync(RoutingHost.Model, version, schema.FitReference(reference, reference.Select(Decide)));
        return await host.Services.GetRequiredService<IModelMonitorFactory>().CreateAsync(RoutingHost.Model, version, schema);
    }

    private static Decision Decide(Applicant applicant) => new() { Score = applicant.Income / 100_000 };

    private static List<Applicant> Applicants(int count, double incomeShift, int seed)
    {
        var random = new Random(seed);
        string[] regions = ["EU", "US", "APAC"];
        return Enumerable.Range(0, count)
            .Select(_ => new Applicant { Income = 50_000 + incomeShift + (random.NextDouble() * 20_000), Age = 20 + random.Next(50), Region = regions[random.Next(regions.Length)] })
            .ToList();
    }
}
