namespace ModelOps.Sdk.Signals;

/// <summary>
/// Where the signals about a model version come from: the contract between the packages that watch a version in production (drift,
/// data quality, fairness, concept drift) and those that act on it. <c>ModelOps.Sdk.Monitoring</c> implements it
/// (<c>ModelSignalHub</c>, registered by <c>AddMonitoring()</c>); <c>ModelOps.Sdk.Routing</c>'s <c>RampScheduler</c> and
/// <c>ChampionChallengerEvaluator</c> read every source registered in dependency injection and hold a ramp or roll a challenger back
/// while its version has a signal.
/// </summary>
/// <remarks>Implementations must be thread-safe. An exception from a source fails the operation that asked (it is never read as
/// "no signal").</remarks>
public interface IModelSignalSource
{
    /// <summary>Gets the signals currently raised for a model version.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The version.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The current signals, oldest first; empty when the source has nothing to say about the version.</returns>
    ValueTask<IReadOnlyList<ModelSignal>> GetSignalsAsync(string modelName, int version, CancellationToken cancellationToken = default);
}
