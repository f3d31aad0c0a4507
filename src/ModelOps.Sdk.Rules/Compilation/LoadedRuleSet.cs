using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.Rules.Definition;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Rules.Compilation;

/// <summary>A parsed rule set ready to compile predictors. It holds no engine, so disposing it only stops new predictors.</summary>
internal sealed class LoadedRuleSet(ModelVersion version, RuleSet ruleSet) : ILoadedModel
{
    private volatile bool _disposed;

    public ModelVersion Version { get; } = version;

    public IModelPredictor<TInput, TOutput> CreatePredictor<TInput, TOutput>()
        where TInput : class
        where TOutput : class
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return ruleSet.HitPolicy == HitPolicy.Collect
            ? new CollectPredictor<TInput, TOutput>(ruleSet, Version)
            : new SingleHitPredictor<TInput, TOutput>(ruleSet, Version);
    }

    public ValueTask DisposeAsync()
    {
        _disposed = true;
        return ValueTask.CompletedTask;
    }
}
