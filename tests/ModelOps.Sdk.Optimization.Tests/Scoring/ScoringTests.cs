namespace ModelOps.Sdk.Optimization.Tests.Scoring;

/// <summary>Scoring solves with the real solver: statuses are results, malformed inputs are typed errors naming the parameter.</summary>
public sealed class ScoringTests
{
    private static readonly string Plan = OptimizationModels.Example("production-plan.json");

    [Fact]
    public async Task Predict_UnknownParameter_IsAnInputErrorNamingIt()
    {
        await using var models = new OptimizationModels();
        var predictor = await models.PredictorAsync<OptimizationInput, OptimizationResult>("plan", Plan);

        var ex = Assert.Throws<InvalidModelInputException>(() => predictor.Predict(new OptimizationInput { Parameters = { ["woodAvailable"] = 100, ["WoodAvailable"] = 5 } }));

        Assert.Equal("WoodAvailable", ex.Field);
        Assert.Contains("no parameter named 'WoodAvailable'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_MissingRequiredParameter_IsAnInputErrorNamingIt()
    {
        await using var models = new OptimizationModels();
        var predictor = await models.PredictorAsync<OptimizationInput, OptimizationResult>("plan", Plan);

        var ex = Assert.Throws<InvalidModelInputException>(() => predictor.Predict(new OptimizationInput { Parameters = { ["profitChair"] = 25 } }));

        Assert.Equal("woodAvailable", ex.Field);
        Assert.Contains("required", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "infinite")]
    public async Task Predict_NonFiniteValue_IsAnInputErrorNamingTheParameter(double value, string described)
    {
        await using var models = new OptimizationModels();
        var predictor = await models.PredictorAsync<OptimizationInput, OptimizationResult>("plan", Plan);

        var ex = Assert.Throws<InvalidModelInputException>(() => predictor.Predict(new OptimizationInput { Parameters = { ["woodAvailable"] = 100, ["labourHours"] = value } }));

        Assert.Equal("labourHours", ex.Field);
        Assert.Contains(described, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PredictBatch_InvalidInput_NamesThePositionAndParameter()
    {
        await using var models = new OptimizationModels();
        var predictor = await models.PredictorAsync<OptimizationInput, OptimizationResult>("plan", Plan);
        OptimizationInput[] inputs = [new() { Parameters = { ["woodAvailable"] = 100 } }, new() { Parameters = { ["woodAvailable"] = double.NaN } }];

        var ex = Assert.Throws<InvalidModelInputException>(() => predictor.PredictBatch(inputs, new OptimizationResult[2]));

        Assert.Equal("woodAvailable", ex.Field);
        Assert.Contains("batch position 1: the value is NaN", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_InfeasibleInstance_IsAResultWithoutSolution()
    {
        await using var models = new OptimizationModels();
        var predictor = await models.PredictorAsync<OptimizationInput, OptimizationResult>("plan", Plan);

        var plan = predictor.Predict(new OptimizationInput { Parameters = { ["woodAvailable"] = 100, ["minTables"] = 40 } });

        Assert.Equal(SolverStatus.Infeasible, plan.Status);
        Assert.False(plan.HasSolution);
        Assert.Empty(plan.Values);
        Assert.True(double.IsNaN(plan.ObjectiveValue));
    }

    [Fact]
    public async Task Predict_UnboundedInstance_IsAResult()
    {
        await using var models = new OptimizationModels();
        const string Unbounded = """
            {
              "formatVersion": 1,
              "parameters": [ { "name": "gain", "default": -1 } ],
              "variables": [ { "name": "x", "upper": null } ],
              "objective": { "sense": "maximize", "terms": { "x": "gain" } }
            }
            """;
        var predictor = await models.PredictorAsync<OptimizationInput, OptimizationResult>("lp", Unbounded);

        var bounded = predictor.Predict(new OptimizationInput());
        var unbounded = predictor.Predict(new OptimizationInput { Parameters = { ["gain"] = 1 } });

        Assert.Equal((SolverStatus.Optimal, 0.0), (bounded.Status, bounded.ObjectiveValue));
        Assert.Equal(SolverStatus.Unbounded, unbounded.Status);
        Assert.False(unbounded.HasSolution);
    }

    [Fact]
    public async Task Predict_HardInstanceBeyondTheTimeLimit_ReportsTimeLimitReached()
    {
        // A market-split instance (Cornuéjols and Dawande 1999): 4 rows of 30 binaries with coefficients in [0, 99] and right-hand
        // sides half the row sums; branch and bound needs far more than the limit to prove its optimum. The default right-hand sides
        // are 0, which presolve solves at once, so registration's smoke solve passes.
        var random = new Random(20);
        var rows = Enumerable.Range(0, 4).Select(_ => Enumerable.Range(0, 30).Select(_ => random.Next(100)).ToArray()).ToArray();
        var variables = string.Join(", ", Enumerable.Range(0, 30).Select(j => $"{{ \"name\": \"x{j}\", \"type\": \"binary\" }}")
            .Concat(Enumerable.Range(0, 4).Select(i => $"{{ \"name\": \"over{i}\" }}, {{ \"name\": \"under{i}\" }}")));
        var constraints = string.Join(", ", rows.Select((row, i) =>
            $"{{ \"name\": \"row{i}\", \"terms\": {{ {string.Join(", ", row.Select((a, j) => $"\"x{j}\": {a}"))}, \"over{i}\": -1, \"under{i}\": 1 }}, \"op\": \"=\", \"rhs\": \"b{i}\" }}"));
        var document = $$"""
            {
              "formatVersion": 1,
              "parameters": [ {{string.Join(", ", Enumerable.Range(0, 4).Select(i => $"{{ \"name\": \"b{i}\", \"default\": 0 }}"))}} ],
              "variables": [ {{variables}} ],
              "constraints": [ {{constraints}} ],
              "objective": { "sense": "minimize", "terms": { {{string.Join(", ", Enumerable.Range(0, 4).Select(i => $"\"over{i}\": 1, \"under{i}\": 1"))}} } }
            }
            """;
        await using var models = new OptimizationModels(o => o.TimeLimit = TimeSpan.FromMilliseconds(300));
        var predictor = await models.PredictorAsync<OptimizationInput, OptimizationResult>("market-split", document);
        var input = new OptimizationInput();
        for (var i = 0; i < 4; i++)
        {
            input.Parameters[$"b{i}"] = Math.Floor(rows[i].Sum() / 2.0);
        }

        var result = predictor.Predict(input);

        Assert.Equal(SolverStatus.TimeLimitReached, result.Status);
        Assert.True(result.SolveTime >= TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task Predict_ConcurrentCallers_EachGetTheirOwnSolution()
    {
        await using var models = new OptimizationModels();
        var predictor = await models.PredictorAsync<OptimizationInput, OptimizationResult>("plan", Plan);
        var woods = Enumerable.Range(0, 64).Select(i => 40.0 + (i % 8 * 10)).ToArray();
        var expected = woods.Distinct().ToDictionary(w => w, w => predictor.Predict(new OptimizationInput { Parameters = { ["woodAvailable"] = w } }).ObjectiveValue);

        var results = new double[woods.Length];
        Parallel.For(0, woods.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            results[i] = predictor.Predict(new OptimizationInput { Parameters = { ["woodAvailable"] = woods[i] } }).ObjectiveValue);

        Assert.Equal(woods.Select(w => expected[w]), results);
        Assert.Equal(8, expected.Values.Distinct().Count());
    }

    [Fact]
    public async Task Predict_PlainTypes_MapParametersAndOutputsByName()
    {
        await using var models = new OptimizationModels();
        var predictor = await models.PredictorAsync<WorkshopCapacity, WorkshopPlan>("plan", Plan);

        var plan = predictor.Predict(new WorkshopCapacity { WoodAvailable = 120, ProfitChair = null });

        Assert.Equal((19.0, 16f, 860m, "Optimal"), (plan.Chairs, plan.Tables, plan.Objective, plan.Status));
        Assert.True(plan.SolveTimeMs > 0);
    }

    [Fact]
    public async Task CreatePredictor_InputTypeWithoutARequiredParameter_IsASignatureMismatch()
    {
        await using var models = new OptimizationModels();
        var version = await models.RegisterAsync("plan", Plan);
        await using var loaded = await models.Scorers.LoadAsync("plan", version.Version);

        var ex = Assert.Throws<ModelSignatureMismatchException>(() => loaded.CreatePredictor<WorkshopPlan, OptimizationResult>());

        Assert.Contains("'woodAvailable'", ex.Message, StringComparison.Ordinal);
    }

    public sealed class WorkshopCapacity
    {
        public int WoodAvailable { get; set; }

        public double? ProfitChair { get; set; }
    }

    public sealed class WorkshopPlan
    {
        public double Chairs { get; set; }

        public float Tables { get; set; }

        public decimal Objective { get; set; }

        public string? Status { get; set; }

        public double SolveTimeMs { get; set; }
    }
}
