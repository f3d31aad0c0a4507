using ModelOps.Sdk.Explanations;

namespace ModelOps.Sdk.Scoring;

/// <summary>A logged prediction and the explanation of it that was logged with it.</summary>
/// <typeparam name="TOutput">The output type.</typeparam>
/// <param name="Prediction">The prediction, the version that made it and its id.</param>
/// <param name="Explanation">The explanation by the version that decided, with its reason codes, or <see langword="null"/> when it could not be computed.</param>
/// <param name="ExplanationUnavailable">Why there is no explanation, or <see langword="null"/>.</param>
public readonly record struct ExplainedPrediction<TOutput>(ScoredPrediction<TOutput> Prediction, DecisionExplanation? Explanation, string? ExplanationUnavailable);
