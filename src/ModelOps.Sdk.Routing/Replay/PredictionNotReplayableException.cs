using ModelOps.Sdk.Predictions;

namespace ModelOps.Sdk.Routing.Replay;

/// <summary>
/// Thrown when a logged prediction cannot be replayed: its input was redacted (<see cref="RedactedFields"/> names the fields), the
/// log holds no output to compare with, or the version's flavor cannot score a JSON input. Nothing was scored.
/// </summary>
public sealed class PredictionNotReplayableException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="PredictionNotReplayableException"/> class.</summary>
    /// <param name="predictionId">The prediction's id.</param>
    /// <param name="problem">Why it cannot be replayed.</param>
    /// <param name="redactedFields">The redacted input fields, when that is why.</param>
    public PredictionNotReplayableException(PredictionId predictionId, string problem, IReadOnlyList<string>? redactedFields = null)
        : base($"Decision '{predictionId}' cannot be replayed: {problem}.")
    {
        PredictionId = predictionId;
        Problem = problem;
        RedactedFields = redactedFields ?? [];
    }

    /// <summary>Gets the prediction's id.</summary>
    public PredictionId PredictionId { get; }

    /// <summary>Gets why it cannot be replayed.</summary>
    public string Problem { get; }

    /// <summary>Gets the input fields the log redacted (removed or hashed), so their values are not known; empty for other reasons.</summary>
    public IReadOnlyList<string> RedactedFields { get; }
}
