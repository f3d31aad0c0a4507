using System.Text;
using BenchmarkDotNet.Attributes;
using Google.OrTools.LinearSolver;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Optimization;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Benchmarks;

/// <summary>
/// One solve of the production-plan model of docs/flavors/optimization.md (two integer variables, one binary, two constraints;
/// SCIP) for a given amount of wood, through the optimization flavor's predictor and through the scorer by alias. Baseline: the same
/// model built with OR-Tools' <see cref="Solver"/> by hand, solved and read back, as a caller without the SDK would. Target: the
/// predictor at most 5% over the baseline (ratio at most 1.05).
/// </summary>
[MemoryDiagnoser]
public class OptimizationScorerBenchmarks
{
    private const string Model = """
        {
          "formatVersion": 1,
          "name": "production-plan",
          "parameters": [
            { "name": "woodAvailable", "example": 120 },
            { "name": "labourHours", "default": 90 },
            { "name": "profitChair", "default": 20 },
            { "name": "maxChairs", "default": 40 },
            { "name": "minTables", "default": 0 }
          ],
          "variables": [
            { "name": "chairs", "type": "integer", "upper": "maxChairs" },
            { "name": "tables", "type": "integer", "lower": "minTables" },
            { "name": "rentSaw", "type": "binary" }
          ],
          "constraints": [
            { "name": "wood", "terms": { "chairs": 2, "tables": 5, "rentSaw": -40 }, "op": "<=", "rhs": "woodAvailable" },
            { "name": "labour", "terms": { "chairs": 3, "tables": 2 }, "op": "<=", "rhs": "labourHours" }
          ],
          "objective": { "sense": "maximize", "terms": { "chairs": "profitChair", "tables": 30, "rentSaw": -250 } }
        }
        """;

    private readonly double[] _directValues = new double[3];
    private readonly OptimizationInput _input = new() { Parameters = { ["woodAvailable"] = 120 } };
    private IModelPredictor<OptimizationInput, OptimizationResult>? _predictor;
    private IModelScorer<OptimizationInput, OptimizationResult>? _scorer;
    private ServiceProvider? _services;

    [GlobalSetup]
    public async Task GlobalSetup()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory().AddOptimization();
        _services = services.BuildServiceProvider();
        var registry = _services.GetRequiredService<IModelRegistry>();
        using (var artifact = new MemoryStream(Encoding.UTF8.GetBytes(Model)))
        {
            await registry.RegisterAsync(new ModelVersionRegistration { ModelName = "production-plan", Flavor = OptimizationFlavor.FlavorName, Artifact = artifact });
        }

        await registry.SetAliasAsync("production-plan", "champion", 1, reason: "benchmark");
        var factory = _services.GetRequiredService<IModelScorerFactory>();
        var loaded = await factory.LoadAsync("production-plan", 1);
        _predictor = loaded.CreatePredictor<OptimizationInput, OptimizationResult>();
        _scorer = await factory.CreateScorerAsync<OptimizationInput, OptimizationResult>("production-plan", "champion");
        if (DirectOrTools() != _predictor.Predict(_input).ObjectiveValue)
        {
            throw new InvalidOperationException("The baseline and the flavor do not solve the same model.");
        }
    }

    [GlobalCleanup]
    public async Task GlobalCleanup()
    {
        if (_scorer is not null)
        {
            await _scorer.DisposeAsync();
        }

        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    /// <summary>The model built and solved with OR-Tools directly, the values read back by name.</summary>
    [Benchmark(Baseline = true)]
    public double DirectOrTools()
    {
        var wood = _input.Parameters["woodAvailable"];
        using var solver = Solver.CreateSolver("SCIP");
        solver.SetTimeLimit(10_000);
        var chairs = solver.MakeIntVar(0, 40, "chairs");
        var tables = solver.MakeIntVar(0, double.PositiveInfinity, "tables");
        var rentSaw = solver.MakeVar(0, 1, true, "rentSaw");
        var woodRow = solver.MakeConstraint(double.NegativeInfinity, wood, "wood");
        woodRow.SetCoefficient(chairs, 2);
        woodRow.SetCoefficient(tables, 5);
        woodRow.SetCoefficient(rentSaw, -40);
        var labour = solver.MakeConstraint(double.NegativeInfinity, 90, "labour");
        labour.SetCoefficient(chairs, 3);
        labour.SetCoefficient(tables, 2);
        var objective = solver.Objective();
        objective.SetCoefficient(chairs, 20);
        objective.SetCoefficient(tables, 30);
        objective.SetCoefficient(rentSaw, -250);
        objective.SetOffset(0);
        objective.SetMaximization();
        if (solver.Solve() != Solver.ResultStatus.OPTIMAL)
        {
            return double.NaN;
        }

        // Read the solution as the flavor does, into a field so the reads are part of the work.
        _directValues[0] = chairs.SolutionValue();
        _directValues[1] = tables.SolutionValue();
        _directValues[2] = rentSaw.SolutionValue();
        return objective.Value();
    }

    /// <summary>The flavor's predictor: parameter lookup, model build from the parsed document, solve, typed result.</summary>
    [Benchmark]
    public double Predictor() => _predictor!.Predict(_input).ObjectiveValue;

    /// <summary>The scorer by alias, as a service calls it.</summary>
    [Benchmark]
    public double ScorerByAlias() => _scorer!.Score(_input).Value.ObjectiveValue;
}
