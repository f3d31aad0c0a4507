namespace ModelOps.Sdk.Monitoring.ConceptDrift;

/// <summary>
/// A detector of change in a stream of numbers, typically the per-prediction error (1 = wrong, 0 = right) or loss that arrives
/// when labels come in.
/// </summary>
/// <remarks>
/// Implementations are not thread-safe: feed one detector from one thread at a time (for example under the lock of the
/// monitor that joins labels to predictions). Each keeps O(1) or O(log n) memory.
/// </remarks>
public interface IConceptDriftDetector
{
    /// <summary>Gets the state after the last observation.</summary>
    ConceptDriftState State { get; }

    /// <summary>Gets the number of observations since the detector was created or reset.</summary>
    long Observations { get; }

    /// <summary>Gets the number of drifts detected since the detector was created or reset.</summary>
    long Detections { get; }

    /// <summary>Adds one observation and returns the resulting state.</summary>
    /// <param name="value">The observation; finite.</param>
    /// <returns>The state after this observation.</returns>
    /// <exception cref="InvalidMonitoringInputException">The value is NaN or infinite, or not allowed by the detector.</exception>
    ConceptDriftState Update(double value);

    /// <summary>Forgets everything seen, as if newly created.</summary>
    void Reset();
}
