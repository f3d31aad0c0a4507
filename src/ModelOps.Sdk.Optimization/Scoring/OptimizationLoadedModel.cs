using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.Optimization.Solving;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Optimization.Scoring;

/// <summary>A parsed model ready to solve. It holds no native solver (each call builds its own), so disposing it only stops new predictors.</summary>
internal sealed class OptimizationLoadedModel(ModelVersion version, ModelSolver solver) : ILoadedModel
{
    private volatile bool _disposed;

    public ModelVersion Version { get; } = version;

    public IModelPredictor<TInput, TOutput> CreatePredictor<TInput, TOutput>()
        where TInput : class
        where TOutput : class
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new OptimizationPredictor<TInput, TOutput>(solver, Version);
    }

    public ValueTask DisposeAsync()
    {
        _disposed = true;
        return ValueTask.CompletedTask;
    }
}
