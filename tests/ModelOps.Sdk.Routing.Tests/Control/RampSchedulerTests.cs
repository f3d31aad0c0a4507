using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Routing.Assignment;
using ModelOps.Sdk.Routing.Control;
using ModelOps.Sdk.Routing.Experiments;

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
    public async Task TryAdvanceAsync_AdvancesOnlyAfterDurationAndSamples_AndNeverMovesAnEntityOffTheChallenger()
    {
        var guardrail = new SwitchGuardrail();
        await using var host = await RoutingHost.CreateAsync(services: s => s.AddSingleton<IRampGuardrail>(guardrail));
        var scheduler = host.Services.GetRequiredService<RampScheduler>();
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
        guardrail.Holds = false;
        var held = await scheduler.TryAdvanceAsync(RoutingHost.Model, "ramp");
        Assert.Equal((false, 0), (held.Advanced, held.Step));
        Assert.Contains("guardrail breached: error rate too high", held.Reason, StringComparison.Ordinal);

        guardrail.Holds = true;
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
        Assert.Contains(audit, e => e.Reason is { } r && r.StartsWith("ramp step 0 -> 1", StringComparison.Ordinal) && r.Contains("guardrails hold: ", StringComparison.Ordinal) && r.Contains("error rate fine", StringComparison.Ordinal));
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

    private sealed class SwitchGuardrail : IRampGuardrail
    {
        public bool Holds { get; set; } = true;

        public ValueTask<RampGuardrailResult> CheckAsync(RampGuardrailContext context, CancellationToken cancellationToken)
        {
            Assert.Equal("ramp", context.Definition.Name);
            Assert.Contains(context.Statistics.Arms, a => a.Arm == "next");
            return ValueTask.FromResult(Holds ? new RampGuardrailResult(true, "error rate fine") : new RampGuardrailResult(false, "error rate too high"));
        }
    }
}
