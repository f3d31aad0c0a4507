namespace ModelOps.Sdk.Optimization.Tests;

/// <summary>The examples shown in docs/flavors/optimization.md register, solve to the documented answers, and are shown unchanged.</summary>
public sealed class DocumentedExampleTests
{
    private static readonly string Page = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "flavors", "optimization.md"));

    [Theory]
    [InlineData("production-plan.json")]
    [InlineData("diet.json")]
    [InlineData("diet.mps")]
    public void Page_ShowsTheExampleUnchanged(string fileName)
    {
        var example = OptimizationModels.Example(fileName).ReplaceLineEndings("\n").TrimEnd();

        Assert.Contains(example, Page.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProductionPlan_WithTheExampleWood_MakesNineteenChairsAndSixteenTables()
    {
        await using var models = new OptimizationModels();
        var predictor = await models.PredictorAsync<OptimizationInput, OptimizationResult>("production-plan", OptimizationModels.Example("production-plan.json"));

        var plan = predictor.Predict(new OptimizationInput { Parameters = { ["woodAvailable"] = 120 } });

        Assert.Equal(SolverStatus.Optimal, plan.Status);
        Assert.Equal((19.0, 16.0, 0.0), (plan.Values["chairs"], plan.Values["tables"], plan.Values["rentSaw"]));
        Assert.Equal(860, plan.ObjectiveValue, 6);
        Assert.True(plan.SolveTime > TimeSpan.Zero);
    }

    [Fact]
    public async Task ProductionPlan_WithLessWood_MakesOnlyChairs()
    {
        await using var models = new OptimizationModels();
        var predictor = await models.PredictorAsync<OptimizationInput, OptimizationResult>("production-plan", OptimizationModels.Example("production-plan.json"));

        var plan = predictor.Predict(new OptimizationInput { Parameters = { ["woodAvailable"] = 60 } });

        Assert.Equal(SolverStatus.Optimal, plan.Status);
        Assert.Equal((30.0, 0.0), (plan.Values["chairs"], plan.Values["tables"]));
        Assert.Equal(600, plan.ObjectiveValue, 6);
    }

    [Fact]
    public async Task ProductionPlan_RegistrationStoresParametersAsInputsAndSolutionAsOutputs()
    {
        await using var models = new OptimizationModels();

        var version = await models.RegisterAsync("production-plan", OptimizationModels.Example("production-plan.json"));

        var signature = version.Signature!;
        Assert.Equal(["woodAvailable", "labourHours", "profitChair", "maxChairs", "minTables"], signature.Inputs.Select(i => i.Name));
        Assert.Equal([false, true, true, true, true], signature.Inputs.Select(i => i.IsOptional));
        Assert.Equal(["chairs", "tables", "rentSaw", "objective", "status", "solveTimeMs"], signature.Outputs.Select(o => o.Name));
        Assert.Equal("string", signature.Outputs.Single(o => o.Name == "status").DataType);
    }

    [Fact]
    public async Task Diet_MpsWithBindings_SolvesTheDefaultsAndMovesWithEachBoundParameter()
    {
        await using var models = new OptimizationModels();
        var predictor = await models.PredictorAsync<OptimizationInput, OptimizationResult>(
            "diet", OptimizationModels.Example("diet.json"), new Dictionary<string, string> { ["diet.mps"] = OptimizationModels.Example("diet.mps") });

        var defaults = predictor.Predict(new OptimizationInput());
        var cheapA = predictor.Predict(new OptimizationInput { Parameters = { ["costA"] = 0.5 } });
        var cappedA = predictor.Predict(new OptimizationInput { Parameters = { ["costA"] = 0.5, ["maxA"] = 1 } });
        var moreProtein = predictor.Predict(new OptimizationInput { Parameters = { ["minProtein"] = 16, ["proteinB"] = 4 } });

        Assert.Equal(SolverStatus.Optimal, defaults.Status);
        Assert.Equal(1.2, defaults.Values["FOODA"], 6);
        Assert.Equal(1.6, defaults.Values["FOODB"], 6);
        Assert.Equal(6.8, defaults.ObjectiveValue, 6);
        Assert.Equal((6.0, 0.0), (Math.Round(cheapA.Values["FOODA"], 6), Math.Round(cheapA.Values["FOODB"], 6)));
        Assert.Equal(1, cappedA.Values["FOODA"], 6);
        Assert.Equal((0.0, 4.0), (Math.Round(moreProtein.Values["FOODA"], 6), Math.Round(moreProtein.Values["FOODB"], 6)));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ModelOps.Sdk.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root (ModelOps.Sdk.sln) was not found above the test's folder.");
    }
}
