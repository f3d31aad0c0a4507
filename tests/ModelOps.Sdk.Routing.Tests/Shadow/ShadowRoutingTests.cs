using FsCheck;
using FsCheck.Xunit;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Routing.Experiments;

namespace ModelOps.Sdk.Routing.Tests.Shadow;

public sealed class ShadowRoutingTests
{
    private static readonly Applicant Input = new() { Region = "EU", Income = 50000, Age = 40 };

    [Fact]
    public async Task Score_ShadowMode_ChampionAnswersAndShadowsAreComparedOnTheSameInputs()
    {
        await using var host = await RoutingHost.CreateAsync();
        var definition = new ExperimentBuilder(RoutingHost.Model, "shadowed").WithChampionAlias("champion").AddChallengerVersion("next", 6).WithShadowMode().Build();
        var scorer = await host.Factory.CreateForDefinitionAsync<Applicant, Decision>(definition, d => d.Score);

        for (var i = 0; i < 100; i++)
        {
            var answer = scorer.Score(Input);
            Assert.Equal(("champion", 1, 0.1), (answer.Arm, answer.Model.Version, answer.Value.Score));
        }

        // Disposing drains the shadow queue: every shadow call has run when it returns.
        await scorer.DisposeAsync();
        var statistics = host.Recorders.Snapshot(RoutingHost.Model, "shadowed");
        var shadow = statistics.FindArm("next", 6)!;
        Assert.Equal(100, shadow.Calls);
        Assert.Equal(100, shadow.Shadow!.Pairs);
        Assert.Equal(0.5, shadow.Shadow.ScoreDifference.Mean, 12);
        Assert.Equal(100, statistics.FindArm("champion", 1)!.Calls);
        Assert.Equal(0, scorer.ShadowCallsDropped);
    }

    [Fact]
    public async Task Score_ShadowThrowsOrTimesOut_NeverReachesTheCallerAndCountsAgainstTheShadow()
    {
        await using var host = await RoutingHost.CreateAsync();
        var definition = new ExperimentBuilder(RoutingHost.Model, "bad-shadows")
            .WithChampionAlias("champion").AddChallengerVersion("broken", 3).AddChallengerVersion("slow", 4).WithShadowMode().Build();
        var scorer = await host.Factory.CreateForDefinitionAsync<Applicant, Decision>(definition, d => d.Score);

        var answers = Enumerable.Range(0, 30).Select(_ => scorer.Score(Input)).ToArray();
        await scorer.DisposeAsync();

        Assert.All(answers, a => Assert.Equal(0.1, a.Value.Score));
        var statistics = host.Recorders.Snapshot(RoutingHost.Model, "bad-shadows");
        Assert.Equal((30L, 30L), (statistics.FindArm("broken", 3)!.Calls, statistics.FindArm("broken", 3)!.Errors));
        Assert.Equal((30L, 30L), (statistics.FindArm("slow", 4)!.Calls, statistics.FindArm("slow", 4)!.Errors));
    }

    [Fact]
    public async Task Score_ComparisonTheStatisticsRefuse_IsNotCountedAsAShadowFailure()
    {
        await using var host = await RoutingHost.CreateAsync();
        var definition = new ExperimentBuilder(RoutingHost.Model, "out-of-range").WithChampionAlias("champion").AddChallengerVersion("next", 6).WithShadowMode().Build();
        // A binary experiment compares scores in [0, 1]; 0.6 * 10 is not one.
        var scorer = await host.Factory.CreateForDefinitionAsync<Applicant, Decision>(definition, d => d.Score * 10);

        for (var i = 0; i < 20; i++)
        {
            scorer.Score(Input);
        }

        await scorer.DisposeAsync();
        var shadow = host.Recorders.Snapshot(RoutingHost.Model, "out-of-range").FindArm("next", 6)!;
        Assert.Equal((20L, 0L, 0L), (shadow.Calls, shadow.Errors, shadow.Shadow?.Pairs ?? 0));
    }

    [Fact]
    public async Task Score_ShadowQueueFull_DropsAndCountsWithoutWaiting()
    {
        await using var host = await RoutingHost.CreateAsync(o => (o.ShadowQueueCapacity, o.ShadowConcurrency) = (2, 1));
        var definition = new ExperimentBuilder(RoutingHost.Model, "gated").WithChampionAlias("champion").AddChallengerVersion("gated", 5).WithShadowMode().Build();
        var scorer = await host.Factory.CreateForDefinitionAsync<Applicant, Decision>(definition);

        scorer.Score(Input);
        await host.Flavor.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // The only worker is held inside the first shadow call: two calls fill the queue, the next seven are dropped.
        for (var i = 0; i < 9; i++)
        {
            Assert.Equal(0.1, scorer.Score(Input).Value.Score);
        }

        Assert.Equal(7, scorer.ShadowCallsDropped);
        host.Flavor.Gate.Set();
        await scorer.DisposeAsync();
        Assert.Equal(3, host.Recorders.Snapshot(RoutingHost.Model, "gated").FindArm("gated", 5)!.Calls);
    }

    [Fact]
    public async Task Score_ShadowSampling_ShadowsAboutTheConfiguredShare()
    {
        await using var host = await RoutingHost.CreateAsync();
        var definition = new ExperimentBuilder(RoutingHost.Model, "sampled").WithChampionAlias("champion").AddChallengerVersion("next", 6).WithShadowMode(0.2).Build();
        var scorer = await host.Factory.CreateForDefinitionAsync<Applicant, Decision>(definition);
        const int n = 2000;
        for (var i = 0; i < n; i++)
        {
            scorer.Score(Input);
        }

        await scorer.DisposeAsync();
        var shadowed = host.Recorders.Snapshot(RoutingHost.Model, "sampled").FindArm("next", 6)!.Calls;
        var bound = 4.5 * Math.Sqrt(n * 0.2 * 0.8);
        Assert.InRange(shadowed, (n * 0.2) - bound, (n * 0.2) + bound);
    }

    /// <summary>
    /// Each call waits until its shadow has run before the next call is made, so the workers go idle (and to sleep) between calls:
    /// every hand-off to an empty queue must wake a worker. A lost wake-up would leave the shadow unrun and the wait would time out.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Score_HandOffToIdleWorkers_WakesOneEveryTime(int concurrency)
    {
        await using var host = await RoutingHost.CreateAsync(o => o.ShadowConcurrency = concurrency);
        var definition = new ExperimentBuilder(RoutingHost.Model, "ping-pong").WithChampionAlias("champion").AddChallengerVersion("next", 6).WithShadowMode().Build();
        using var ran = new SemaphoreSlim(0);
        var scorer = await host.Factory.CreateForDefinitionAsync<Applicant, Decision>(definition, d =>
        {
            if (d.Score == 0.6)
            {
                ran.Release();
            }

            return d.Score;
        });

        for (var i = 0; i < 1000; i++)
        {
            scorer.Score(Input);
            Assert.True(await ran.WaitAsync(TimeSpan.FromSeconds(30)), $"the shadow of call {i} never ran");
        }

        await scorer.DisposeAsync();
        Assert.Equal(0, scorer.ShadowCallsDropped);
        Assert.Equal(1000, host.Recorders.Snapshot(RoutingHost.Model, "ping-pong").FindArm("next", 6)!.Calls);
    }

    /// <summary>Callers on several threads against a small queue and several workers: every shadow call either runs once or is counted as dropped.</summary>
    [Fact]
    public async Task Score_ConcurrentCallers_EveryShadowRunsOnceOrIsCountedAsDropped()
    {
        await using var host = await RoutingHost.CreateAsync(o => (o.ShadowQueueCapacity, o.ShadowConcurrency) = (50, 2));
        var definition = new ExperimentBuilder(RoutingHost.Model, "crowd").WithChampionAlias("champion").AddChallengerVersion("next", 6).WithShadowMode().Build();
        var scorer = await host.Factory.CreateForDefinitionAsync<Applicant, Decision>(definition, d => d.Score);
        const int threads = 4;
        const int perThread = 5000;
        using var start = new Barrier(threads);
        var callers = Enumerable.Range(0, threads).Select(_ => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                for (var i = 0; i < perThread; i++)
                {
                    Assert.Equal(0.1, scorer.Score(Input).Value.Score);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        await Task.WhenAll(callers);
        await scorer.DisposeAsync();

        var shadow = host.Recorders.Snapshot(RoutingHost.Model, "crowd").FindArm("next", 6)!;
        Assert.Equal(threads * perThread, shadow.Calls + scorer.ShadowCallsDropped);
        Assert.Equal(shadow.Calls, shadow.Shadow!.Pairs);
        Assert.True(shadow.Calls > 0);
    }

    /// <summary>Whatever the shadow does (answer, throw, take too long) and whatever the sampling, the caller gets the champion's answer.</summary>
    [Property(MaxTest = 25)]
    public async Task Score_AnyShadowBehaviour_NeverChangesWhatTheCallerReceives(byte shadowChoice, byte samplingPercent, PositiveInt[] incomes, bool sticky)
    {
        int[] shadows = [2, 3, 4, 6];
        await using var host = await RoutingHost.CreateAsync();
        var builder = new ExperimentBuilder(RoutingHost.Model, "any-shadow")
            .WithChampionAlias("champion").AddChallengerVersion("shadow", shadows[shadowChoice % shadows.Length]).WithShadowMode((samplingPercent % 100 + 1) / 100.0);
        if (sticky)
        {
            builder.WithStickyAssignment();
        }

        var scorer = await host.Factory.CreateForDefinitionAsync<Applicant, Decision>(builder.Build(), d => d.Score);
        var direct = await host.Services.GetRequiredService<ModelOps.Sdk.Scoring.IModelScorerFactory>().CreateScorerAsync<Applicant, Decision>(RoutingHost.Model, "champion");
        try
        {
            for (var i = 0; i < incomes.Length; i++)
            {
                var input = new Applicant { Region = "EU", Income = incomes[i].Get };
                var expected = direct.Score(input);
                var answer = scorer.Score(input, $"customer-{i}");
                Assert.Equal(expected.Value.Score, answer.Value.Score);
                Assert.Equal(expected.Model, answer.Model);
                Assert.Equal("champion", answer.Arm);
                Assert.False(answer.ChallengerFailed);
            }
        }
        finally
        {
            await scorer.DisposeAsync();
            await direct.DisposeAsync();
        }
    }
}
