using ModelOps.Sdk.Explanations;

namespace ModelOps.Sdk.Predictions;

/// <summary>
/// One prediction handed to an <see cref="IPredictionLogSink"/>: its id (which names the model, the experiment and arm or the
/// alias, and the version that decided), when it was made, the predicted value, the input it was made for and the output it gave.
/// </summary>
/// <param name="Id">The prediction's id.</param>
/// <param name="Timestamp">When the prediction was made, from the scorer's <see cref="TimeProvider"/>.</param>
/// <param name="Predicted">
/// The predicted value as an experiment's statistics read it (a routed scorer's output score function, for example the score in
/// [0, 1] of a binary classifier), or <see langword="null"/> when there is none (plain scorers log none) or it was not finite.
/// </param>
/// <param name="Input">The caller's input object, unchanged: a sink reads its fields on its own thread and redacts what it must.</param>
/// <param name="Output">
/// The model's full output object, unchanged, or <see langword="null"/> when the caller logs no output. A sink writes it whole, so
/// that the decision can be replayed and compared field by field (<c>IDecisionReplayer</c>).
/// </param>
/// <remarks>
/// A scorer that explains its decisions (<c>PredictionLogScorerOptions.ExplainEveryDecision</c>, or a call of
/// <c>ScoreAndExplainAsync</c>) sets <see cref="Explanation"/>, or <see cref="ExplanationUnavailable"/> when the explainer failed;
/// both are <see langword="null"/> when no explanation was asked for, so records of scorers that do not explain are unchanged.
/// </remarks>
public readonly record struct PredictionLogRecord(PredictionId Id, DateTimeOffset Timestamp, double? Predicted, object Input, object? Output = null)
{
    /// <summary>
    /// Gets why the version decided as it did for this input, computed when the decision was made by the version that made it, or
    /// <see langword="null"/> when no explanation was asked for or it could not be computed (<see cref="ExplanationUnavailable"/>).
    /// A sink removes what personal-data redaction asks for from it, as from the input.
    /// </summary>
    public DecisionExplanation? Explanation { get; init; }

    /// <summary>
    /// Gets why an explanation that was asked for is missing (the explainer failed, or too many explanations were pending), or
    /// <see langword="null"/>. It names the failure's type and reason, never an input value.
    /// </summary>
    public string? ExplanationUnavailable { get; init; }
}
