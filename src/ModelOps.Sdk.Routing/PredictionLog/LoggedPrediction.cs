using System.Text.Json.Nodes;
using ModelOps.Sdk.Routing.Predictions;

namespace ModelOps.Sdk.Routing.PredictionLog;

/// <summary>A prediction as read back from a prediction log.</summary>
/// <param name="Id">The prediction's id (model, experiment, arm, version).</param>
/// <param name="Timestamp">When the prediction was made.</param>
/// <param name="Predicted">The predicted value, or <see langword="null"/> if none was logged.</param>
/// <param name="Input">The input's fields as logged: redacted fields are absent or replaced by their keyed hash.</param>
public sealed record LoggedPrediction(PredictionId Id, DateTimeOffset Timestamp, double? Predicted, JsonObject Input);
