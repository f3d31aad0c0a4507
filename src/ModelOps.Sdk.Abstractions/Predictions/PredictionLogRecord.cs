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
public readonly record struct PredictionLogRecord(PredictionId Id, DateTimeOffset Timestamp, double? Predicted, object Input, object? Output = null);
