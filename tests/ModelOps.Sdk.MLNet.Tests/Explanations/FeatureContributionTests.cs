using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using ModelOps.Sdk.Explanations;

namespace ModelOps.Sdk.MLNet.Tests.Explanations;

/// <summary>
/// ML.NET versions explain their decisions with ML.NET's feature contribution calculation: for a linear model, weight x value in the
/// feature space (baseline 0); for trees, non-zero contributions for the features that split.
/// </summary>
public sealed class FeatureContributionTests
{
    [Fact]
    public async Task ExplainAsync_LinearRegression_ContributionIsWeightTimesValueAgainstABaselineOf0()
    {
        var context = new MLContext(seed: 3);
        var rows = Rows(300, seed: 5, label: r => (2 * r.A) - (3 * r.B) + (0.5f * r.C) + 1);
        var transformer = context.Transforms.Concatenate("Features", "A", "B", "C")
            .Append(context.Regression.Trainers.Sdca(labelColumnName: "Label", maximumNumberOfIterations: 100))
            .Fit(context.Data.LoadFromEnumerable(rows));
        var weights = ((RegressionPredictionTransformer<LinearRegressionModelParameters>)transformer.LastTransformer).Model.Weights.ToArray();
        await using var host = await Host.StartAsync(Save(context, transformer, rows));

        var explanation = await host.Explainer.ExplainVersionAsync("linear", 1, Json(new { A = 1.5f, B = -2f, C = 4f }));

        Assert.Equal(ExplanationMethod.FeatureContributionCalculation, explanation.Method);
        Assert.StartsWith("0 in the model's feature space", explanation.Baseline, StringComparison.Ordinal);
        Assert.Equal("Score", explanation.Output);
        float[] values = [1.5f, -2f, 4f];
        string[] names = ["A", "B", "C"];
        for (var j = 0; j < 3; j++)
        {
            var contribution = Assert.Single(explanation.Contributions, c => c.Feature == names[j]);
            Assert.Equal(weights[j] * values[j], contribution.Contribution, 1e-4);
            Assert.Equal(values[j], contribution.Value!.Value, 1e-6);
            Assert.Equal(0, contribution.BaselineValue);
        }

        // B's weight (about -3) times -2 is the largest, A's (2 x 1.5) next: ordered by absolute size.
        Assert.Equal(["B", "A", "C"], explanation.Contributions.Select(c => c.Feature));
    }

    [Fact]
    public async Task ExplainAsync_FastTreeRegression_GivesNonZeroContributionsToTheFeatureThatSplitsOnly()
    {
        var context = new MLContext(seed: 3);
        // B is constant, so no tree can split on it; the label is a step in A.
        var rows = Rows(300, seed: 9, label: r => r.A > 0 ? 10 : 0).Select(r => { r.B = 1; return r; }).ToArray();
        var transformer = context.Transforms.Concatenate("Features", "A", "B", "C")
            .Append(context.Regression.Trainers.FastTree(labelColumnName: "Label", numberOfLeaves: 4, numberOfTrees: 10, minimumExampleCountPerLeaf: 5))
            .Fit(context.Data.LoadFromEnumerable(rows));
        await using var host = await Host.StartAsync(Save(context, transformer, rows));

        var explanation = await host.Explainer.ExplainVersionAsync("linear", 1, Json(new { A = 3f, B = 1f, C = 0.2f }));

        Assert.Equal(ExplanationMethod.FeatureContributionCalculation, explanation.Method);
        Assert.True(Assert.Single(explanation.Contributions, c => c.Feature == "A").Contribution > 0);
        Assert.Equal(0, Assert.Single(explanation.Contributions, c => c.Feature == "B").Contribution);
        Assert.Null(explanation.Contributions[0].BaselineValue);
    }

    [Fact]
    public async Task ExplainAsync_CalibratedClassifier_ExplainsTheRawScoreAndMapsReasonCodesByDirection()
    {
        await using var host = await Host.StartAsync(TestModels.Credit);
        await host.Registry.SaveReasonCodeTableAsync("linear", 1, new ReasonCodeTable
        {
            MaxReasons = 1,
            Entries =
            [
                new ReasonCodeEntry("D1", "Debt too high", Feature: "Debt", Direction: ContributionDirection.Decreases),
                new ReasonCodeEntry("D2", "Low debt", Feature: "Debt", Direction: ContributionDirection.Increases),
            ],
        });

        var explanation = await host.Explainer.ExplainVersionAsync("linear", 1, Json(new { Income = 1f, Debt = 9f, Age = 40f }));

        Assert.Equal(ExplanationMethod.FeatureContributionCalculation, explanation.Method);
        Assert.Equal(["Age", "Debt", "Income"], explanation.Contributions.Select(c => c.Feature).Order(StringComparer.Ordinal));
        Assert.True(Assert.Single(explanation.Contributions, c => c.Feature == "Debt").Contribution < 0);
        var reason = Assert.Single(explanation.ReasonCodes);
        Assert.Equal(("D1", "Debt"), (reason.Code, reason.Feature));
    }

    private static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value);

    private static Row[] Rows(int count, int seed, Func<Row, float> label)
    {
        var random = new Random(seed);
        var rows = Enumerable.Range(0, count).Select(_ => new Row
        {
            A = (float)((random.NextDouble() * 10) - 5),
            B = (float)((random.NextDouble() * 10) - 5),
            C = (float)((random.NextDouble() * 10) - 5),
        }).ToArray();
        foreach (var row in rows)
        {
            row.Label = label(row);
        }

        return rows;
    }

    private static byte[] Save(MLContext context, ITransformer transformer, Row[] rows)
    {
        using var stream = new MemoryStream();
        context.Model.Save(transformer, context.Data.LoadFromEnumerable(rows).Schema, stream);
        return stream.ToArray();
    }

    public sealed class Row
    {
        public float A { get; set; }

        public float B { get; set; }

        public float C { get; set; }

        public float Label { get; set; }
    }

    private sealed class Host : IAsyncDisposable
    {
        private readonly ServiceProvider _provider;

        private Host(ServiceProvider provider)
        {
            _provider = provider;
            Registry = provider.GetRequiredService<IModelRegistry>();
            Explainer = provider.GetRequiredService<IDecisionExplainer>();
        }

        public IModelRegistry Registry { get; }

        public IDecisionExplainer Explainer { get; }

        public static async Task<Host> StartAsync(byte[] zip)
        {
            var services = new ServiceCollection();
            services.AddModelOps().UseInMemory().AddMLNet();
            var host = new Host(services.BuildServiceProvider());
            await host.Registry.RegisterAsync(new ModelVersionRegistration { ModelName = "linear", Flavor = "mlnet", Artifact = new MemoryStream(zip) });
            return host;
        }

        public ValueTask DisposeAsync() => _provider.DisposeAsync();
    }
}
