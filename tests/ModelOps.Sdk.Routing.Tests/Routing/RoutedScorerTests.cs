using ModelOps.Sdk.Predictions;
using ModelOps.Sdk.Routing.Assignment;
using ModelOps.Sdk.Routing.Experiments;
using ModelOps.Sdk.Routing.Predictions;

namespace ModelOps.Sdk.Routing.Tests.Routing;

public sealed class RoutedScorerTests
{
    private static readonly Applicant Eu = new() { Region = "EU", Income = 50000, Age = 40 };

    [Fact]
    public async Task Score_Split_AnswersFromTheAssignedArmWithItsVersionAndAParsableId()
    {
        await using var host = await RoutingHost.CreateAsync();
        var definition = new ExperimentBuilder(RoutingHost.Model, "split").WithChampionAlias("champion", 50).AddChallengerAlias("next", "challenger", 50).Build();
        await using var scorer = await host.Factory.CreateForDefinitionAsync<Applicant, Decision>(definition);

        var seen = new HashSet<string>();
        for (var i = 0; i < 200; i++)
        {
            var answer = scorer.Score(Eu);
            seen.Add(answer.Arm);
            var expectedVersion = answer.Arm == "champion" ? 1 : 2;
            Assert.Equal(expectedVersion, answer.Model.Version);
            Assert.Equal(expectedVersion / 10.0, answer.Value.Score);
            Assert.False(answer.ChallengerFailed);
            var id = PredictionId.Parse(answer.Id.ToString());
            Assert.Equal(answer.Id, id);
            Assert.Equal((RoutingHost.Model, "split", answer.Arm, expectedVersion), (id.ModelName, id.ExperimentName, id.Arm, id.Version));
        }

        Assert.Equal(["champion", "next"], seen.Order());
        var statistics = host.Recorders.Snapshot(RoutingHost.Model, "split");
        Assert.Equal(200, statistics.Arms.Sum(a => a.Calls));
        Assert.Equal(0, statistics.Arms.Sum(a => a.Errors));
    }

    [Fact]
    public async Task Score_ChallengerThrows_ChampionAnswersInTheSameCallAndTheFailureCountsAgainstTheChallenger()
    {
        await using var host = await RoutingHost.CreateAsync();
        var definition = new ExperimentBuilder(RoutingHost.Model, "broken").WithChampionAlias("champion", 1).AddChallengerVersion("broken", 3, 1).Build();
        await using var scorer = await host.Factory.CreateForDefinitionAsync<Applicant, Decision>(definition);

        var fellBack = 0;
        for (var i = 0; i < 100; i++)
        {
            var answer = scorer.Score(Eu);
            Assert.Equal("champion", answer.Arm);
            Assert.Equal(1, answer.Model.Version);
            Assert.Equal(0.1, answer.Value.Score);
            if (answer.ChallengerFailed)
            {
                fellBack++;
                Assert.False(answer.Id.IsEnrolled);
            }
        }

        var statistics = host.Recorders.Snapshot(RoutingHost.Model, "broken");
        var broken = statistics.FindArm("broken", 3)!;
        Assert.InRange(fellBack, 1, 99);
        Assert.Equal(fellBack, broken.Calls);
        Assert.Equal(fellBack, broken.Errors);
        Assert.Equal(100 - fellBack, statistics.FindArm("champion", 1)!.Calls);
    }

    [Fact]
    public async Task Score_ChallengerSlowerThanTimeout_ChampionAnswersAndTheTimeoutCountsAgainstTheChallenger()
    {
        await using var host = await RoutingHost.CreateAsync();
        var definition = new ExperimentBuilder(RoutingHost.Model, "slow")
            .WithChampionAlias("champion", 1).AddChallengerVersion("slow", 4, 1).WithChallengerTimeout(TimeSpan.FromSeconds(1)).Build();
        await using var scorer = await host.Factory.CreateForDefinitionAsync<Applicant, Decision>(definition);

        var answers = Enumerable.Range(0, 50).Select(_ => scorer.Score(Eu)).ToArray();

        Assert.All(answers, a => Assert.Equal(0.1, a.Value.Score));
        var slow = host.Recorders.Snapshot(RoutingHost.Model, "slow").FindArm("slow", 4)!;
        Assert.Equal(answers.Count(a => a.ChallengerFailed), slow.Errors);
        Assert.True(slow.Errors > 0);
        Assert.True(slow.Latency.P50 >= TimeSpan.FromSeconds(4.9), $"p50 was {slow.Latency.P50}");
    }

    [Fact]
    public async Task Score_ChampionThrows_ReachesTheCallerAndCountsAgainstTheChampion()
    {
        await using var host = await RoutingHost.CreateAsync();
        var definition = new ExperimentBuilder(RoutingHost.Model, "bad-champion").WithChampionVersion(3, 1).AddChallengerAlias("next", "challenger", 1).Build();
        await using var scorer = await host.Factory.CreateForDefinitionAsync<Applicant, Decision>(definition);

        var failures = 0;
        for (var i = 0; i < 40; i++)
        {
            try
            {
                Assert.Equal("next", scorer.Score(Eu).Arm);
            }
            catch (InvalidOperationException)
            {
                failures++;
            }
        }

        Assert.InRange(failures, 1, 39);
        Assert.Equal(failures, host.Recorders.Snapshot(RoutingHost.Model, "bad-champion").FindArm("champion", 3)!.Errors);
    }

    [Fact]
    public async Task Score_UntimedChampionCallThrows_RecordsTheErrorWithoutALatency()
    {
        // One champion call in 64 is timed; the clock is fake and never advances, so a timed call takes 0 s. An untimed call
        // that throws once recorded the time since timestamp 0 (years), which filled the latency distribution the p95 guardrail reads.
        await using var host = await RoutingHost.CreateAsync(o => o.LatencySamplingInterval = 64);
        var definition = new ExperimentBuilder(RoutingHost.Model, "bad-untimed-champion")
            .WithChampionVersion(3).AddChallengerAlias("next", "challenger").Build() with { ChallengerShareLimit = 0 };
        await using var scorer = await host.Factory.CreateForDefinitionAsync<Applicant, Decision>(definition);
        const int n = 640;
        for (var i = 0; i < n; i++)
        {
            Assert.Throws<InvalidOperationException>(() => scorer.Score(Eu));
        }

        var champion = host.Recorders.Snapshot(RoutingHost.Model, "bad-untimed-champion").FindArm("champion", 3)!;
        Assert.Equal(n, champion.Calls);
        Assert.Equal(n, champion.Errors);
        Assert.InRange(champion.Latency.Count, 0, n / 4);
        Assert.True(champion.Latency.P95 < TimeSpan.FromSeconds(1), $"p95 was {champion.Latency.P95} over {champion.Latency.Count} timed calls");
        Assert.True(champion.Latency.P99 < TimeSpan.FromSeconds(1), $"p99 was {champion.Latency.P99}");
    }

    [Fact]
    public async Task Score_Sticky_SameKeyAlwaysSameArmAsTheAssignerSays()
    {
        await using var host = await RoutingHost.CreateAsync();
        var definition = new ExperimentBuilder(RoutingHost.Model, "sticky").WithChampionAlias("champion", 70).AddChallengerAlias("next", "challenger", 30).WithStickyAssignment().Build();
        await using var scorer = await host.Factory.CreateForDefinitionAsync<Applicant, Decision>(definition);
        var assigner = new ArmAssigner(definition);

        for (var c = 0; c < 200; c++)
        {
            var key = $"customer-{c}";
            var expected = assigner.ArmNames[assigner.AssignSticky(key)];
            var arms = new string[5];
            Parallel.For(0, arms.Length, i => arms[i] = scorer.Score(Eu, key).Arm);
            Assert.All(arms, arm => Assert.Equal(expected, arm));
        }
    }

    [Fact]
    public async Task Score_TargetingExcludesTheInput_ChampionAnswersAndTheCallIsNotEnrolled()
    {
        await using var host = await RoutingHost.CreateAsync();
        var definition = new ExperimentBuilder(RoutingHost.Model, "eu-only")
            .WithChampionAlias("champion", 1).AddChallengerAlias("next", "challenger", 1000)
            .WithTargeting("region", TargetingOperator.In, "eu")
            .WithTargeting("age", TargetingOperator.GreaterThanOrEqual, "18")
            .Build();
        await using var scorer = await host.Factory.CreateForDefinitionAsync<Applicant, Decision>(definition);

        Applicant[] excluded = [new() { Region = "US", Age = 40 }, new() { Region = null, Age = 40 }, new() { Region = "EU", Age = 17 }, new() { Region = "EU", Age = null }];
        foreach (var input in excluded)
        {
            var answer = scorer.Score(input);
            Assert.Equal(("champion", 1, false), (answer.Arm, answer.Model.Version, answer.Id.IsEnrolled));
            Assert.StartsWith("credit::champion:1:", answer.Id.ToString(), StringComparison.Ordinal);
        }

        var enrolled = Enumerable.Range(0, 20).Select(_ => scorer.Score(Eu)).ToArray();
        Assert.All(enrolled, a => Assert.True(a.Id.IsEnrolled));
        Assert.Contains(enrolled, a => a.Arm == "next");
        Assert.Equal(20, host.Recorders.Snapshot(RoutingHost.Model, "eu-only").Arms.Sum(a => a.Calls));
    }

    [Fact]
    public async Task Create_TargetingThatDoesNotFitTheInputType_ListsEveryProblem()
    {
        await using var host = await RoutingHost.CreateAsync();
        var definition = new ExperimentBuilder(RoutingHost.Model, "mistyped")
            .WithChampionAlias("champion").AddChallengerAlias("next", "challenger")
            .WithTargeting("country", TargetingOperator.In, "EU")
            .WithTargeting("region", TargetingOperator.GreaterThan, "3")
            .WithTargeting("student", TargetingOperator.In, "maybe")
            .WithTargeting("age", TargetingOperator.NotIn, "old")
            .Build();

        var error = await Assert.ThrowsAsync<InvalidExperimentDefinitionException>(() => host.Factory.CreateForDefinitionAsync<Applicant, Decision>(definition));

        Assert.Equal(4, error.Errors.Count);
        Assert.StartsWith("Targeting[0].Field: Applicant has no readable public property 'country'", error.Errors[0], StringComparison.Ordinal);
        Assert.StartsWith("Targeting[1].Operator: GreaterThan needs a numeric field", error.Errors[1], StringComparison.Ordinal);
        Assert.StartsWith("Targeting[2].Values: 'maybe' is not a Boolean value", error.Errors[2], StringComparison.Ordinal);
        Assert.StartsWith("Targeting[3].Values: 'old' is not a number", error.Errors[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_ArmVersionMissing_FailsAndLoadsNothing()
    {
        await using var host = await RoutingHost.CreateAsync();
        var definition = new ExperimentBuilder(RoutingHost.Model, "missing").WithChampionAlias("champion").AddChallengerVersion("ghost", 99).Build();

        await Assert.ThrowsAnyAsync<ModelOpsException>(() => host.Factory.CreateForDefinitionAsync<Applicant, Decision>(definition));
    }

    [Theory]
    [InlineData(16)]
    [InlineData(1)]
    public async Task Score_LatencySampling_CountsEveryCallAndTimesAUniformSample(int interval)
    {
        await using var host = await RoutingHost.CreateAsync(o => o.LatencySamplingInterval = interval);
        var definition = new ExperimentBuilder(RoutingHost.Model, "sampled-latency").WithChampionAlias("champion").AddChallengerAlias("next", "challenger").Build() with { ChallengerShareLimit = 0 };
        await using var scorer = await host.Factory.CreateForDefinitionAsync<Applicant, Decision>(definition);
        const int n = 3200;
        for (var i = 0; i < n; i++)
        {
            scorer.Score(Eu);
        }

        var champion = host.Recorders.Snapshot(RoutingHost.Model, "sampled-latency").FindArm("champion", 1)!;
        Assert.Equal(n, champion.Calls);
        var p = 1.0 / interval;
        var bound = 4.5 * Math.Sqrt(n * p * (1 - p));
        Assert.InRange(champion.Latency.Count, (n * p) - bound, (n * p) + bound);
    }
}
