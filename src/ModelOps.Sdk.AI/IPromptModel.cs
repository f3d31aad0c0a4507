using ModelOps.Sdk.Flavors;

namespace ModelOps.Sdk.AI;

/// <summary>
/// A loaded prompt version that also calls the chat client asynchronously: what <see cref="ModelOps.Sdk.Scoring.IModelScorerFactory.LoadAsync"/>
/// returns for a <c>prompt</c> version. Use it where a thread must not wait for the provider (the predictors of
/// <see cref="ILoadedModel.CreatePredictor{TInput, TOutput}"/> are synchronous, as the scoring contract is).
/// </summary>
/// <remarks>It validates, counts and throws exactly as the predictors do. Thread-safe.</remarks>
public interface IPromptModel : IJsonScoringModel
{
    /// <summary>Renders the prompt with the variables, calls the chat client and checks the output.</summary>
    /// <param name="input">The template variables' values.</param>
    /// <param name="cancellationToken">A token to cancel the call.</param>
    /// <returns>The output, valid against the prompt's output schema when it has one.</returns>
    /// <exception cref="InvalidModelInputException">A variable has no value; the exception names it.</exception>
    /// <exception cref="InvalidPromptOutputException">The response is not a valid output.</exception>
    /// <exception cref="PromptRefusedException">The model refused.</exception>
    /// <exception cref="TimeoutException">The chat client did not answer within <see cref="AIFlavorOptions.Timeout"/>.</exception>
    Task<PromptOutput> GenerateAsync(PromptInput input, CancellationToken cancellationToken = default);
}
