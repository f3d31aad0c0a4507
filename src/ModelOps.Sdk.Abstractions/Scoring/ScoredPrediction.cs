namespace ModelOps.Sdk.Scoring;

/// <summary>
/// A prediction and the model version that produced it.
/// </summary>
/// <typeparam name="TOutput">The output type.</typeparam>
/// <param name="Value">The model's output.</param>
/// <param name="Model">The version that produced it.</param>
public readonly record struct ScoredPrediction<TOutput>(TOutput Value, ServedModel Model);
