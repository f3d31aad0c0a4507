using System.Text.Json;
using ModelOps.Sdk.Flavors;

namespace ModelOps.Sdk.Explanations;

/// <summary>
/// Explains one decision of one model version: the flavor's own explanation where it has one (<see cref="IExplainableModel"/>),
/// otherwise occlusion against the version's stored reference profile, with the reasons of the version's
/// <see cref="ReasonCodeTable"/>. Resolve it from dependency injection after <c>services.AddModelOps()</c>.
/// </summary>
/// <remarks>
/// Explanations are opt-in per call: scoring never computes one, so a host that does not call the explainer pays nothing. An
/// explanation costs what its method costs: a rule set's is a second evaluation; ML.NET's is one transform through its feature
/// contribution calculation; occlusion scores the model once per input feature plus twice. Thread-safe.
/// </remarks>
public interface IDecisionExplainer
{
    /// <summary>Explains the decision of a loaded version for one input.</summary>
    /// <param name="model">The loaded version (for example from <c>IModelScorerFactory.LoadAsync</c>); it stays the caller's to dispose.</param>
    /// <param name="input">The input, as the JSON object <see cref="IJsonScoringModel.ScoreJson"/> takes (a typed input serialized
    /// with <c>JsonSerializer.SerializeToElement</c> and web defaults is one).</param>
    /// <param name="cancellationToken">A token to cancel reading the version's documents.</param>
    /// <returns>The explanation.</returns>
    /// <exception cref="ExplanationUnavailableException">The version cannot be explained (no JSON scoring, no reference profile for
    /// occlusion, no numeric output); the exception says why.</exception>
    /// <exception cref="InvalidModelInputException">The input cannot be scored; the exception names the field.</exception>
    /// <exception cref="InvalidReasonCodeTableException">The version's stored reason-code table is invalid.</exception>
    Task<DecisionExplanation> ExplainAsync(ILoadedModel model, JsonElement input, CancellationToken cancellationToken = default);

    /// <summary>Loads a version (served or not), explains its decision for one input, and releases it.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The version.</param>
    /// <param name="input">The input, as the JSON object <see cref="IJsonScoringModel.ScoreJson"/> takes.</param>
    /// <param name="cancellationToken">A token to cancel the load and the reads.</param>
    /// <returns>The explanation.</returns>
    /// <exception cref="ModelNotFoundException">The model does not exist.</exception>
    /// <exception cref="ModelVersionNotFoundException">The version does not exist.</exception>
    /// <exception cref="ExplanationUnavailableException">The version cannot be explained; the exception says why.</exception>
    /// <exception cref="InvalidModelInputException">The input cannot be scored; the exception names the field.</exception>
    Task<DecisionExplanation> ExplainVersionAsync(string modelName, int version, JsonElement input, CancellationToken cancellationToken = default);
}
