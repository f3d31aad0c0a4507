using ModelOps.Sdk.Predictions;
using ModelOps.Sdk.Routing.Predictions;

namespace ModelOps.Sdk.Routing.PredictionLog;

/// <summary>
/// Thrown when an outcome is recorded without its predicted value and the prediction log cannot supply it: the log does not hold
/// the prediction (it was dropped when the log's queue was full, written to a log this instance does not read, or deleted), or it
/// holds it without a predicted value (the routed scorer had no output score function). Nothing was recorded; pass the predicted
/// value explicitly instead.
/// </summary>
public sealed class PredictionNotLoggedException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="PredictionNotLoggedException"/> class.</summary>
    /// <param name="predictionId">The prediction's id.</param>
    /// <param name="problem">Why the log cannot supply the predicted value.</param>
    public PredictionNotLoggedException(PredictionId predictionId, string problem)
        : base($"The prediction log cannot supply the predicted value of '{predictionId}': {problem}. Nothing was recorded; pass the predicted value to RecordOutcomeAsync instead.")
    {
        PredictionId = predictionId;
        Problem = problem;
    }

    /// <summary>Gets the prediction's id.</summary>
    public PredictionId PredictionId { get; }

    /// <summary>Gets why the log cannot supply the predicted value.</summary>
    public string Problem { get; }
}
