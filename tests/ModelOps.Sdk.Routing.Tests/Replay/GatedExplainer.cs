using System.Text.Json;
using ModelOps.Sdk.Explanations;
using ModelOps.Sdk.Flavors;

namespace ModelOps.Sdk.Routing.Tests.Replay;

/// <summary>
/// An explainer that holds every explanation until the test releases it, and says when the first one started: lets a test move
/// an alias, or fill the pending bound, while explanations of decisions already made are still running.
/// </summary>
internal sealed class GatedExplainer(IDecisionExplainer inner) : IDecisionExplainer
{
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<DecisionExplanation> ExplainAsync(ILoadedModel model, JsonElement input, CancellationToken cancellationToken = default)
    {
        Entered.TrySetResult();
        await Release.Task.ConfigureAwait(false);
        return await inner.ExplainAsync(model, input, cancellationToken).ConfigureAwait(false);
    }

    public async Task<DecisionExplanation> ExplainVersionAsync(string modelName, int version, JsonElement input, CancellationToken cancellationToken = default)
    {
        Entered.TrySetResult();
        await Release.Task.ConfigureAwait(false);
        return await inner.ExplainVersionAsync(modelName, version, input, cancellationToken).ConfigureAwait(false);
    }
}
