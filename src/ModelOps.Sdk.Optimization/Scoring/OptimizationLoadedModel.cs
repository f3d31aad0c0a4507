using System.Text.Json;
using System.Text.Json.Nodes;
using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.Optimization.Solving;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Optimization.Scoring;

/// <summary>
/// A parsed model ready to solve. It holds no native solver (each call builds its own), so disposing it only stops new predictors.
/// It also scores JSON (<see cref="IJsonScoringModel"/>), for the tool and the <c>input-example-scores</c> gate: the input object's
/// properties are parameter values by name (numbers; a parameter left out takes its default), the output object holds each
/// variable's value (<see langword="null"/> without a solution), <c>objective</c> (<see langword="null"/> without a solution),
/// <c>status</c> (the <see cref="SolverStatus"/> name) and <c>solveTimeMs</c>.
/// </summary>
internal sealed class OptimizationLoadedModel(ModelVersion version, ModelSolver solver) : IJsonScoringModel
{
    private volatile bool _disposed;
    private OptimizationPredictor<OptimizationInput, OptimizationResult>? _jsonPredictor;

    public ModelVersion Version { get; } = version;

    public IModelPredictor<TInput, TOutput> CreatePredictor<TInput, TOutput>()
        where TInput : class
        where TOutput : class
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new OptimizationPredictor<TInput, TOutput>(solver, Version);
    }

    public JsonObject ScoreJson(JsonElement input)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        JsonModelFields.EnsureObject(input, Version);
        var parameters = new OptimizationInput();
        foreach (var parameter in solver.Model.Parameters)
        {
            if (JsonModelFields.TryGetField(input, parameter.Name, Version, out var value))
            {
                parameters.Parameters[parameter.Name] = JsonModelFields.ReadDouble(value, parameter.Name, Version);
            }
        }

        var predictor = _jsonPredictor ??= new OptimizationPredictor<OptimizationInput, OptimizationResult>(solver, Version);
        var result = predictor.Predict(parameters);
        var output = new JsonObject();
        foreach (var variable in solver.Model.Variables)
        {
            output[variable.Name] = result.Values.TryGetValue(variable.Name, out var x) ? JsonValue.Create(x) : null;
        }

        output["objective"] = result.HasSolution && double.IsFinite(result.ObjectiveValue) ? JsonValue.Create(result.ObjectiveValue) : null;
        output["status"] = result.Status.ToString();
        output["solveTimeMs"] = result.SolveTimeMilliseconds;
        return output;
    }

    public ValueTask DisposeAsync()
    {
        _disposed = true;
        return ValueTask.CompletedTask;
    }
}
