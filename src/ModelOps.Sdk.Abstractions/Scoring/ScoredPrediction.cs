namespace ModelOps.Sdk.Scoring;

/// <summary>
/// A prediction and the model version that produced it.
/// </summary>
/// <typeparam name="TOutput">The output type.</typeparam>
/// <param name="Value">The model's output.</param>
/// <param name="Model">The version that produced it.</param>
public readonly record struct ScoredPrediction<TOutput>(TOutput Value, ServedModel Model)
{
    /// <summary>
    /// Gets the id the prediction was logged under, to replay the decision or record its outcome later, or the default (empty)
    /// id when the scorer does not log its predictions (see <c>WithPredictionLog</c>).
    /// </summary>
    public Predictions.PredictionId Id { get; init; }
}
