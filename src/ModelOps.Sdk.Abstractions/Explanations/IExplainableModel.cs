using System.Text.Json;
using ModelOps.Sdk.Flavors;

namespace ModelOps.Sdk.Explanations;

/// <summary>
/// A loaded model whose flavor explains its own decisions (the <c>rules</c> flavor names the rules that fired; the <c>mlnet</c>
/// flavor computes ML.NET's feature contributions). <see cref="IDecisionExplainer"/> asks it first, and explains any other
/// <see cref="IJsonScoringModel"/> by occlusion against the version's reference profile.
/// </summary>
/// <remarks>A custom flavor opts in by having its loaded model implement this interface. Implementations must be thread-safe.</remarks>
public interface IExplainableModel : IJsonScoringModel
{
    /// <summary>Explains the decision for one input given as JSON (the input of <see cref="IJsonScoringModel.ScoreJson"/>).</summary>
    /// <param name="input">A JSON object whose properties are the signature's input fields.</param>
    /// <returns>
    /// The explanation without reason codes (the explainer adds them from the version's table), or <see langword="null"/> when this
    /// model cannot explain itself (for example an ML.NET model whose trainer has no feature contributions): the explainer then
    /// falls back to occlusion.
    /// </returns>
    /// <exception cref="InvalidModelInputException">The input cannot be scored; the exception names the field.</exception>
    DecisionExplanation? Explain(JsonElement input);
}
