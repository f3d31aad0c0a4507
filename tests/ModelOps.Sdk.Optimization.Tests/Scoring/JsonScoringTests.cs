using System.Text.Json;
using ModelOps.Sdk.Flavors;

namespace ModelOps.Sdk.Optimization.Tests.Scoring;

/// <summary>
/// The optimization flavor scores JSON (<see cref="IJsonScoringModel"/>), so the tool and the <c>input-example-scores</c> gate can
/// solve a version without the application's types: same solve as the typed predictor, statuses as results, bad values named.
/// </summary>
public sealed class JsonScoringTests
{
    private static readonly string Plan = OptimizationModels.Example("production-plan.json");

    [Fact]
    public async Task ScoreJson_SolvesAsTheTypedPredictorDoes()
    {
        await using var models = new OptimizationModels();
        var version = await models.RegisterAsync("plan", Plan);
        await using var loaded = await models.Scorers.LoadAsync("plan", version.Version);
        var typed = loaded.CreatePredictor<OptimizationInput, OptimizationResult>().Predict(new OptimizationInput { Parameters = { ["woodAvailable"] = 120 } });

        var json = Assert.IsAssignableFrom<IJsonScoringModel>(loaded).ScoreJson(Parse("""{ "woodAvailable": 120, "comment": "ignored" }"""));

        Assert.Equal(SolverStatus.Optimal, typed.Status);
        Assert.Equal("Optimal", (string?)json["status"]);
        Assert.Equal(typed.ObjectiveValue, (double)json["objective"]!, 9);
        foreach (var (name, value) in typed.Values)
        {
            Assert.Equal(value, (double)json[name]!, 9);
        }

        Assert.True((double)json["solveTimeMs"]! >= 0);
    }

    [Fact]
    public async Task ScoreJson_InfeasibleInstance_IsAResultWithNullValues()
    {
        await using var models = new OptimizationModels();
        var version = await models.RegisterAsync("plan", Plan);
        await using var loaded = await models.Scorers.LoadAsync("plan", version.Version);

        var json = ((IJsonScoringModel)loaded).ScoreJson(Parse("""{ "woodAvailable": 100, "minTables": 40 }"""));

        Assert.Equal("Infeasible", (string?)json["status"]);
        Assert.True(json.ContainsKey("objective"));
        Assert.Null(json["objective"]);
    }

    [Fact]
    public async Task ScoreJson_ParameterOfTheWrongKind_IsAnInputErrorNamingIt()
    {
        await using var models = new OptimizationModels();
        var version = await models.RegisterAsync("plan", Plan);
        await using var loaded = await models.Scorers.LoadAsync("plan", version.Version);

        var ex = Assert.Throws<InvalidModelInputException>(() => ((IJsonScoringModel)loaded).ScoreJson(Parse("""{ "woodAvailable": "plenty" }""")));

        Assert.Equal("woodAvailable", ex.Field);
    }

    [Fact]
    public async Task ScoreJson_RequiredParameterLeftOut_IsAnInputErrorNamingIt()
    {
        await using var models = new OptimizationModels();
        var version = await models.RegisterAsync("plan", Plan);
        await using var loaded = await models.Scorers.LoadAsync("plan", version.Version);

        var ex = Assert.Throws<InvalidModelInputException>(() => ((IJsonScoringModel)loaded).ScoreJson(Parse("""{ "profitChair": 25 }""")));

        Assert.Equal("woodAvailable", ex.Field);
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
