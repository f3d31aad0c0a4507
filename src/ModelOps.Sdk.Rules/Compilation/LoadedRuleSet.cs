using System.Text.Json;
using System.Text.Json.Nodes;
using ModelOps.Sdk.Explanations;
using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.Rules.Definition;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Rules.Compilation;

/// <summary>A parsed rule set ready to compile predictors. It holds no engine, so disposing it only stops new predictors.</summary>
internal sealed class LoadedRuleSet(ModelVersion version, RuleSet ruleSet) : IExplainableModel
{
    // Compiled on the first JSON score only: typed hosts never pay for it.
    private readonly Lazy<JsonRuleScorer> _json = new(() => new JsonRuleScorer(ruleSet, version));
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

    public JsonObject ScoreJson(JsonElement input)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _json.Value.Score(input);
    }

    public DecisionExplanation? Explain(JsonElement input)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _json.Value.Explain(input);
    }

    public ValueTask DisposeAsync()
    {
        _disposed = true;
        return ValueTask.CompletedTask;
    }
}
