using ModelOps.Sdk.Routing.Control;
using ModelOps.Sdk.Routing.Experiments;

namespace ModelOps.Sdk.Routing.Tests.Experiments;

public sealed class ExperimentBuilderTests
{
    [Fact]
    public void Build_ValidSplit_CarriesEverySetting()
    {
        var definition = new ExperimentBuilder("credit", "more-data")
            .WithChampionAlias("champion", weight: 90)
            .AddChallengerVersion("bigger", 7, weight: 10)
            .WithStickyAssignment("salt-1")
            .WithTargeting("region", TargetingOperator.In, "EU", "UK")
            .WithChallengerTimeout(TimeSpan.FromMilliseconds(200))
            .Build();

        Assert.Equal("credit", definition.ModelName);
        Assert.Equal("more-data", definition.Name);
        Assert.Equal(new ArmDefinition("champion", "champion", null, 90), definition.Champion);
        Assert.Equal(new ArmDefinition("bigger", null, 7, 10), Assert.Single(definition.Challengers));
        Assert.Equal(AssignmentKind.Sticky, definition.Assignment);
        Assert.Equal("salt-1", definition.Salt);
        Assert.Equal(TimeSpan.FromMilliseconds(200), definition.ChallengerTimeout);
        Assert.Equal(ExperimentStatus.Running, definition.Status);
        Assert.Equal([0.9, 0.1], definition.CurrentShares(), new ToleranceComparer(1e-12));
    }

    [Fact]
    public void Build_ManyProblems_ReportsEveryOneAtOnceNamingTheField()
    {
        var builder = new ExperimentBuilder("credit", "bad.name")
            .WithChampionAlias("champion", weight: -1)
            .AddChallengerAlias("twin", "challenger", weight: double.NaN)
            .AddChallengerVersion("twin", 0, weight: 1)
            .WithRamp(new RampStep(0.05, TimeSpan.FromHours(1)), new RampStep(0.01), new RampStep(1.5))
            .WithChallengerTimeout(TimeSpan.Zero)
            .WithTargeting("income", TargetingOperator.GreaterThan, "lots");

        var error = Assert.Throws<InvalidExperimentDefinitionException>(builder.Build);

        Assert.Equal("credit", error.ModelName);
        Assert.Equal("bad.name", error.ExperimentName);
        string[] expectedFields =
        [
            "Name:", "Champion.Weight:", "Challengers[0].Weight:", "Challengers[1].Name:", "Challengers[1].Version:",
            "RampSteps[1].ChallengerShare:", "RampSteps[1]:", "RampSteps[2].ChallengerShare:", "ChallengerTimeout:", "Targeting[0].Values:",
        ];
        foreach (var field in expectedFields)
        {
            Assert.Contains(error.Errors, e => e.StartsWith(field, StringComparison.Ordinal));
        }

        Assert.All(error.Errors, e => Assert.Contains(e, error.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Build_ShadowModeWithRampAndBadSampling_RefusesBoth()
    {
        var builder = new ExperimentBuilder("credit", "shadowed")
            .WithChampionAlias("champion")
            .AddChallengerAlias("next", "challenger")
            .WithShadowMode(samplingRate: 0)
            .WithRamp(new RampStep(0.5));

        var error = Assert.Throws<InvalidExperimentDefinitionException>(builder.Build);

        Assert.Contains(error.Errors, e => e.StartsWith("ShadowSamplingRate:", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("RampSteps:", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_NoChampionNoChallenger_ReportsBoth()
    {
        var error = Assert.Throws<InvalidExperimentDefinitionException>(new ExperimentBuilder("credit", "empty").Build);

        Assert.Contains(error.Errors, e => e.StartsWith("Champion:", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("Challengers:", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_ArmWithAliasAndVersion_IsRefusedByValidate()
    {
        var definition = Valid() with { Challengers = [new ArmDefinition("both", "challenger", 2, 1)] };

        var error = Assert.Throws<InvalidExperimentDefinitionException>(definition.Validate);

        Assert.Contains(error.Errors, e => e.StartsWith("Challengers[0]: give exactly one of Alias and Version (was both)", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_CalledTwice_Throws()
    {
        var builder = new ExperimentBuilder("credit", "once").WithChampionAlias("champion").AddChallengerAlias("next", "challenger");
        builder.Build();

        Assert.Throws<InvalidOperationException>(builder.Build);
        Assert.Throws<InvalidOperationException>(() => builder.WithStickyAssignment());
    }

    [Fact]
    public void CurrentShares_Ramp_FollowsStepAndSplitsByChallengerWeight()
    {
        var definition = new ExperimentBuilder("credit", "ramped")
            .WithChampionAlias("champion")
            .AddChallengerAlias("a", "challenger", weight: 3)
            .AddChallengerVersion("b", 6, weight: 1)
            .WithRamp(new RampStep(0.04, MinimumSamples: 100), new RampStep(0.2, TimeSpan.FromDays(1)), new RampStep(0.5))
            .Build();

        Assert.Equal([0.96, 0.03, 0.01], definition.CurrentShares(), new ToleranceComparer(1e-12));
        Assert.Equal([0.8, 0.15, 0.05], (definition with { RampStep = 1 }).CurrentShares(), new ToleranceComparer(1e-12));
        Assert.Equal([1.0, 0, 0], (definition with { Status = ExperimentStatus.Aborted }).CurrentShares(), new ToleranceComparer(1e-12));
        Assert.Equal([0.98, 0.015, 0.005], (definition with { ChallengerShareLimit = 0.02 }).CurrentShares(), new ToleranceComparer(1e-12));
    }

    [Fact]
    public void Serialize_RoundTrips_AndRefusesBrokenJson()
    {
        var definition = new ExperimentBuilder("credit", "stored")
            .WithChampionAlias("champion")
            .AddChallengerVersion("next", 2)
            .WithRamp(new RampStep(0.1, TimeSpan.FromHours(2), 500), new RampStep(0.3))
            .WithTargeting("region", TargetingOperator.NotIn, "US")
            .WithStickyAssignment()
            .Build();

        var json = ExperimentStore.Serialize(definition);
        var back = ExperimentStore.Deserialize(json);

        Assert.Equal(json, ExperimentStore.Serialize(back));
        Assert.Contains("\"assignment\": \"Sticky\"", System.Text.Encoding.UTF8.GetString(json), StringComparison.Ordinal);
        var broken = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(json).Replace("\"challengerShare\": 0.3", "\"challengerShare\": 0.05", StringComparison.Ordinal));
        var error = Assert.Throws<InvalidExperimentDefinitionException>(() => ExperimentStore.Deserialize(broken));
        Assert.Contains(error.Errors, e => e.StartsWith("RampSteps[1].ChallengerShare:", StringComparison.Ordinal));
    }

    internal static ExperimentDefinition Valid() =>
        new ExperimentBuilder("credit", "valid").WithChampionAlias("champion").AddChallengerAlias("next", "challenger").Build();

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
