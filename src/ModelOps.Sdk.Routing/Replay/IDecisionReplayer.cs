using ModelOps.Sdk.Predictions;
using ModelOps.Sdk.Routing.PredictionLog;

namespace ModelOps.Sdk.Routing.Replay;

/// <summary>
/// Replays a logged decision: loads the exact version that made it (through the registry and its flavor, even a version no longer
/// served), scores the logged input again, and compares the result with the logged output field by field.
/// </summary>
public interface IDecisionReplayer
{
    /// <summary>Replays the decision logged under an id.</summary>
    /// <param name="predictionId">The prediction's id, as returned with it.</param>
    /// <param name="cancellationToken">A token to cancel reading the log and loading the version.</param>
    /// <returns>
    /// The replay: the version, the logged and replayed outputs and each field's comparison. A replay that differs is returned,
    /// not thrown (<see cref="DecisionReplay.IsReproduced"/> is <see langword="false"/>); call
    /// <see cref="DecisionReplay.EnsureReproduced"/> for a strict replay that throws <see cref="DecisionNotReproducedException"/>.
    /// </returns>
    /// <exception cref="PredictionNotLoggedException">The log does not hold the prediction.</exception>
    /// <exception cref="PredictionLogRemovedException">The log does not hold the prediction, and retention has removed the log's files up to a day on or after which it may have been made.</exception>
    /// <exception cref="PredictionNotReplayableException">The logged input was redacted, the log holds no output, or the version's flavor cannot score JSON.</exception>
    /// <exception cref="ModelVersionNotFoundException">The version that decided is not in the registry.</exception>
    /// <exception cref="ModelLoadException">The version could not be loaded.</exception>
    Task<DecisionReplay> ReplayAsync(PredictionId predictionId, CancellationToken cancellationToken = default);
}
