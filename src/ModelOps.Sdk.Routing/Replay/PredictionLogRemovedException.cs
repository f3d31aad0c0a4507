using ModelOps.Sdk.Predictions;
using ModelOps.Sdk.Routing.PredictionLog;

namespace ModelOps.Sdk.Routing.Replay;

/// <summary>
/// Thrown when a prediction to replay is not in the log and the log's retention (<see cref="JsonLinesPredictionLogOptions.RetainFor"/>,
/// <see cref="JsonLinesPredictionLogOptions.MaxTotalBytes"/>) has deleted its files up to <see cref="RemovedThrough"/>: a prediction
/// made on or before that day is gone for good.
/// </summary>
public sealed class PredictionLogRemovedException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="PredictionLogRemovedException"/> class.</summary>
    /// <param name="predictionId">The prediction's id.</param>
    /// <param name="removedThrough">The newest UTC day whose log file retention has deleted.</param>
    public PredictionLogRemovedException(PredictionId predictionId, DateOnly removedThrough)
        : base($"Decision '{predictionId}' is not in the prediction log, whose retention has deleted the files of every day up to {removedThrough:yyyy-MM-dd} (UTC): a prediction made on or before that day was removed and cannot be replayed.")
    {
        PredictionId = predictionId;
        RemovedThrough = removedThrough;
    }

    /// <summary>Gets the prediction's id.</summary>
    public PredictionId PredictionId { get; }

    /// <summary>Gets the newest UTC day whose log file retention has deleted.</summary>
    public DateOnly RemovedThrough { get; }
}
