using ModelOps.Sdk.Routing.Predictions;

namespace ModelOps.Sdk.Routing.PredictionLog;

/// <summary>
/// One routed prediction handed to an <see cref="IPredictionLogSink"/>: its id (which names the model, experiment, arm and version
/// that served it), when it was made, the predicted value and the input it was made for.
/// </summary>
/// <param name="Id">The prediction's id.</param>
/// <param name="Timestamp">When the prediction was made, from the routing runtime's <see cref="TimeProvider"/>.</param>
/// <param name="Predicted">
/// The predicted value as the experiment's statistics read it (the routed scorer's output score function, for example the score
/// in [0, 1] of a binary classifier), or <see langword="null"/> when the routed scorer has no output score function or it gave a
/// value that is not finite.
/// </param>
/// <param name="Input">The caller's input object, unchanged: a sink reads its fields on its own thread and redacts what it must.</param>
public readonly record struct PredictionLogRecord(PredictionId Id, DateTimeOffset Timestamp, double? Predicted, object Input);
