using ModelOps.Sdk.Predictions;
using ModelOps.Sdk.Routing.Predictions;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Routing;

/// <summary>
/// A routed call's answer: the prediction, the version and arm that made it, and the prediction's self-describing id.
/// </summary>
/// <typeparam name="TOutput">The output type.</typeparam>
/// <param name="Value">The model's output.</param>
/// <param name="Model">The version that produced it.</param>
/// <param name="Arm">The arm that answered (after a challenger failure, the champion's arm).</param>
/// <param name="Id">The prediction's id: keep it with the decision and pass it back when the outcome is known.</param>
/// <param name="ChallengerFailed">
/// <see langword="true"/> when the call was assigned to a challenger that threw or timed out, so the champion answered instead.
/// </param>
public readonly record struct RoutedPrediction<TOutput>(TOutput Value, ServedModel Model, string Arm, PredictionId Id, bool ChallengerFailed);
