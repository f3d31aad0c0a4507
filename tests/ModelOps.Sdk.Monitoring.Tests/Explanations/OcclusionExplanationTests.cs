using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Explanations;
using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Schema;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Monitoring.Tests.Explanations;

/// <summary>
/// A flavor that cannot explain itself is explained by occlusion against the version's reference profile, fitted and saved with
/// this package: each feature's contribution is the score minus the score with that feature at its reference median (numeric) or
/// most frequent value (categorical).
/// </summary>
public sealed class OcclusionExplanationTests : IAsyncLifetime
{
    private const string Model = "linear-credit";
    private static readonly Dictionary<string, double> Weights = new() { ["income"] = 2.5, ["debt"] = -3.75, ["ignored"] = 0, ["age"] = 0.125 };

    private ServiceProvider _provider = null!;
    private IModelRegistry _registry = null!;
    private IDecisionExplainer _explainer = null!;
    private ILoadedModel _loaded = null!;
    private DataProfile _profile = null!;

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory().AddFlavor<LinearFlavor>();
        _provider = services.BuildServiceProvider();
        _registry = _provider.GetRequiredService<IModelRegistry>();
        _explainer = _provider.GetRequiredService<IDecisionExplainer>();
        await _registry.RegisterAsync(new ModelVersionRegistration { ModelName = Model, Flavor = LinearFlavor.FlavorName, Artifact = new MemoryStream(LinearFlavor.Artifact(1, Weights, segmentBonus: 4)) });

        var random = new Random(11);
        var rows = Enumerable.Range(0, 400).Select(_ => new Applicant(random.NextDouble() * 100, random.NextDouble() * 40, random.NextDouble(), 18 + (random.NextDouble() * 60), random.Next(4) == 0 ? "gold" : "basic")).ToArray();
        _profile = new MonitoringSchemaBuilder<Applicant, Applicant>()
            .AddNumericInput("income", r => r.Income).AddNumericInput("debt", r => r.Debt).AddNumericInput("ignored", r => r.Ignored)
            .AddNumericInput("age", r => r.Age).AddCategoricalInput("segment", r => r.Segment)
            .Build()
            .FitReference(rows, rows);
        await _registry.SaveReferenceProfileAsync(Model, 1, _profile);
        _loaded = await _provider.GetRequiredService<IModelScorerFactory>().LoadAsync(Model, 1);
    }

    public async Task DisposeAsync()
    {
        await _loaded.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task ExplainAsync_FlavorWithoutItsOwnExplanation_OccludesAgainstTheReferenceAndStatesTheBaseline()
    {
        var explanation = await _explainer.ExplainAsync(_loaded, Input(80, 30, 0.9, 45, "gold"));

        Assert.Equal(ExplanationMethod.Occlusion, explanation.Method);
        Assert.Contains("reference profile 'default' revision 1", explanation.Baseline, StringComparison.Ordinal);
        Assert.Equal("score", explanation.Output);
        Assert.Equal(1 + (2.5 * 80) - (3.75 * 30) + (0.125 * 45) + 4, explanation.OutputValue!.Value, 9);
        var baselines = _profile.ToSummary().Baselines.ToDictionary(b => b.Name);
        var income = Assert.Single(explanation.Contributions, c => c.Feature == "income");
        Assert.Equal(baselines["income"].Median, income.BaselineValue);
        Assert.Equal(2.5 * (80 - baselines["income"].Median!.Value), income.Contribution, 9);
        var segment = Assert.Single(explanation.Contributions, c => c.Feature == "segment");
        Assert.Equal("basic", baselines["segment"].MostFrequent);
        Assert.Equal(4, segment.Contribution, 9);
        Assert.Null(segment.Value);
    }

    [Fact]
    public async Task ExplainAsync_FeatureTheModelIgnores_GetsExactly0()
    {
        var explanation = await _explainer.ExplainAsync(_loaded, Input(10, 5, 0.99, 70, "basic"));

        Assert.Equal(0, Assert.Single(explanation.Contributions, c => c.Feature == "ignored").Contribution);
    }

    [Fact]
    public async Task ExplainAsync_ReasonCodes_MapTheLargestContributionsByTheirSignUpToMaxReasons()
    {
        await _registry.SaveReasonCodeTableAsync(Model, 1, new ReasonCodeTable
        {
            Output = "score",
            MaxReasons = 2,
            Entries =
            [
                new ReasonCodeEntry("R01", "Debt too high", Feature: "debt", Direction: ContributionDirection.Decreases),
                new ReasonCodeEntry("R02", "Income too low", Feature: "income", Direction: ContributionDirection.Decreases),
                new ReasonCodeEntry("R03", "Too young", Feature: "age", Direction: ContributionDirection.Decreases),
                new ReasonCodeEntry("P01", "Strong income", Feature: "income", Direction: ContributionDirection.Increases),
            ],
        });
        var baselines = _profile.ToSummary().Baselines.ToDictionary(b => b.Name);
        var (incomeMedian, debtMedian, ageMedian) = (baselines["income"].Median!.Value, baselines["debt"].Median!.Value, baselines["age"].Median!.Value);

        // Debt far above its median (large negative), income below its median (negative), age below its median (small negative).
        var declined = await _explainer.ExplainAsync(_loaded, Input(incomeMedian - 10, debtMedian + 15, 0.5, ageMedian - 20, "basic"));
        // Income far above its median: the only increase, and the largest contribution.
        var approved = await _explainer.ExplainAsync(_loaded, Input(incomeMedian + 40, debtMedian + 1, 0.5, ageMedian, "basic"));

        Assert.Equal(["R01", "R02"], declined.ReasonCodes.Select(r => r.Code));
        Assert.All(declined.ReasonCodes, r => Assert.True(r.Contribution < 0));
        Assert.Equal(["P01", "R01"], approved.ReasonCodes.Select(r => r.Code));
        Assert.Equal("Strong income", approved.ReasonCodes[0].Text);
    }

    [Fact]
    public async Task ExplainAsync_VersionWithoutAReferenceProfile_SaysWhatIsMissing()
    {
        await _registry.RegisterAsync(new ModelVersionRegistration { ModelName = Model, Flavor = LinearFlavor.FlavorName, Artifact = new MemoryStream(LinearFlavor.Artifact(0, Weights)) });

        var ex = await Assert.ThrowsAsync<ExplanationUnavailableException>(() => _explainer.ExplainVersionAsync(Model, 2, Input(1, 1, 1, 30, "basic")));

        Assert.Equal((Model, 2), (ex.ModelName, ex.Version));
        Assert.Contains("SaveReferenceProfileAsync", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>For a model linear in its inputs, occlusion of feature i is exactly w_i (x_i - median_i), and the contributions come in decreasing absolute size.</summary>
    [Property(MaxTest = 100)]
    public Property Occlusion_LinearModel_EqualsCoefficientTimesDistanceToTheMedian()
    {
        var value = ArbMap.Default.GeneratorFor<int>().Select(i => i * 1.37);
        var inputs = value.Zip(value).Zip(value.Zip(value)).ToArbitrary();
        return Prop.ForAll(inputs, x =>
        {
            var ((income, debt), (ignored, age)) = x;
            var explanation = _explainer.ExplainAsync(_loaded, Input(income, debt, ignored, age, "basic")).GetAwaiter().GetResult();
            var values = new Dictionary<string, double> { ["income"] = income, ["debt"] = debt, ["ignored"] = ignored, ["age"] = age };
            foreach (var contribution in explanation.Contributions.Where(c => c.Feature != "segment"))
            {
                var expected = Weights[contribution.Feature] * (values[contribution.Feature] - contribution.BaselineValue!.Value);
                Assert.Equal(expected, contribution.Contribution, 9);
            }

            var sizes = explanation.Contributions.Select(c => Math.Abs(c.Contribution)).ToArray();
            Assert.True(sizes.Zip(sizes.Skip(1)).All(p => p.First >= p.Second));
        });
    }

    private static JsonElement Input(double income, double debt, double ignored, double age, string segment) =>
        JsonSerializer.SerializeToElement(new { income, debt, ignored, age, segment });

    private sealed record Applicant(double Income, double Debt, double Ignored, double Age, string Segment);
}
