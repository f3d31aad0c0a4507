using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Monitoring.Monitors;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Schema;
using ModelOps.Sdk.Monitoring.Signals;
using ModelOps.Sdk.Routing.Assignment;
using ModelOps.Sdk.Routing.Control;
using ModelOps.Sdk.Routing.Experiments;
using ModelOps.Sdk.Signals;

namespace ModelOps.Sdk.Routing.Tests.Control;

public sealed class RampSchedulerTests
{
    private static readonly Applicant Input = new() { Region = "EU", Income = 50000, Age = 40 };

    private static ExperimentDefinition Ramp() =>
        new ExperimentBuilder(RoutingHost.Model, "ramp")
            .WithChampionAlias("champion").AddChallengerAlias("next", "challenger")
            .WithStickyAssignment()
            .WithRamp(new RampStep(0.05, TimeSpan.FromHours(1), 20), new RampStep(0.25, TimeSpan.FromHours(1)), new RampStep(0.5))
            .Build();

    [Fact]
    public async Task TryAdvanceAsync_AdvancesOnlyAfterDurationAndSamples_HoldsOnAMonitorsDriftSignal_AndNeverMovesAnEntityOffTheChallenger()
    {
        await using var host = await RoutingHost.CreateAsync(services: s => s.AddModelOps().AddMonitoring());
        var scheduler = host.Services.GetRequiredService<RampScheduler>();
        using var monitor = await ChallengerMonitorAsync(host);
        await host.Store.SaveAsync(Ramp(), "start the ramp");
        await using var scorer = await host.Factory.CreateAsync<Applicant, Decision>(RoutingHost.Model, "ramp");
        var keys = Enumerable.Range(0, 2000).Select(i => $"customer-{i}").ToArray();
        var step0 = keys.Select(k => scorer.Score(Input, k).Arm).ToArray();
        var onChallenger = step0.Count(a => a == "next");
        Assert.True(onChallenger >= 20, $"only {onChallenger} calls reached the challenger");

        var tooEarly = await scheduler.TryAdvanceAsync(RoutingHost.Model, "ramp");
        Assert.False(tooEarly.Advanced);
        Assert.Contains("less than its minimum", tooEarly.Reason, StringComparison.Ordinal);

        host.Time.Advance(TimeSpan.FromHours(1));
        foreach (var applicant in Applicants(2_000, incomeShift: 0, seed: 1)) // the reference rows themselves: no drift by construction
        {
            monitor.Observe(applicant, Decide(applicant));
        }

        var calm = await monitor.CloseWindowAsync();
        Assert.False(calm.HasAlerts, calm.ToText());
        foreach (var applicant in Applicants(500, incomeShift: 40_000, seed: 3))
        {
            monitor.Observe(applicant, Decide(applicant));
        }

        var drifted = await monitor.CloseWindowAsync();
        Assert.True(drifted.PredictionDrifted && drifted.DataQuality.Alert, drifted.ToText());
        var held = await scheduler.TryAdvanceAsync(RoutingHost.Model, "ramp");
        Assert.Equal((false, 0), (held.Advanced, held.Step));
        Assert.Contains("guardrail breached: 'next' (version 2): ", held.Reason, StringComparison.Ordinal);
        Assert.Contains("Warning drift signal on version 2", held.Reason, StringComparison.Ordinal);
        Assert.Contains("the outputs drifted (Score)", held.Reason, StringComparison.Ordinal);
        Assert.Contains("Critical data-quality signal on version 2", held.Reason, StringComparison.Ordinal);

        var hub = host.Services.GetRequiredService<ModelSignalHub>();
        Assert.Same(hub, Assert.Single(host.Services.GetServices<IModelSignalSource>()));
        Assert.Equal(2, hub.Clear(RoutingHost.Model, 2));
        var advanced = await scheduler.TryAdvanceAsync(RoutingHost.Model, "ramp");
        Assert.Equal((true, 1), (advanced.Advanced, advanced.Step));
        var stored = (await host.Store.LoadAsync(RoutingHost.Model, "ramp"))!;
        Assert.Equal((1, host.Time.GetUtcNow(), (long)onChallenger), (stored.RampStep, stored.RampStepStartedAt!.Value, stored.RampStepStartSamples));
        Assert.Equal(1, (await scorer.RefreshAsync()).RampStep);

        var step1 = keys.Select(k => scorer.Score(Input, k).Arm).ToArray();
        for (var i = 0; i < keys.Length; i++)
        {
            Assert.False(step0[i] == "next" && step1[i] != "next", $"{keys[i]} left the challenger when its share grew");
        }

        Assert.InRange(step1.Count(a => a == "next"), 400, 600);
        var audit = await host.Registry.ReadAuditLogAsync(RoutingHost.Model);
        Assert.Contains(audit, e => e.Reason is { } r && r.StartsWith("ramp step 0 -> 1", StringComparison.Ordinal) && r.Contains("guardrails hold: 'next': no signal", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TryAdvanceAsync_FrozenOrAtLastStep_DoesNotAdvance()
    {
        await using var host = await RoutingHost.CreateAsync();
        var scheduler = host.Services.GetRequiredService<RampScheduler>();
        await host.Store.SaveAsync(Ramp() with { RampStep = 2 }, "already at the end");
        Assert.Equal("the ramp is at its last step", (await scheduler.TryAdvanceAsync(RoutingHost.Model, "ramp")).Reason);

        await host.Store.SaveAsync(Ramp(), "restart");
        await host.Controller.FreezeAsync(RoutingHost.Model, "ramp", "hold");
        host.Time.Advance(TimeSpan.FromDays(2));
        Assert.Equal("the experiment is Frozen", (await scheduler.TryAdvanceAsync(RoutingHost.Model, "ramp")).Reason);
    }

    /// <summary>A real monitor of the challenger's version (2), over a reference profile of seeded applicants stored with it.</summary>
    private static async Task<ModelMonitor<Applicant, Decision>> ChallengerMonitorAsync(RoutingHost host)
    {
        var schema = new MonitoringSchemaBuilder<Applicant, Decision>().AddInputProperties(nameof(Applicant.Student)).AddPredictionProperties().Build();
        var reference = Applicants(2_000, incomeShift: 0, seed: 1);
        await host.Registry.SaveReferenceProfileAsync(RoutingHost.Model, 2, schema.FitReference(reference, reference.Select(Decide)));
        return await host.Services.GetRequiredService<IModelMonitorFactory>().CreateAsync(RoutingHost.Model, 2, schema);
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
