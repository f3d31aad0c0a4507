using ModelOps.Sdk.Monitoring.ConceptDrift;

namespace ModelOps.Sdk.Monitoring.Reports;

/// <summary>The state of a concept-drift detector on the error stream, for the report.</summary>
/// <param name="Detector">The detector's name, for example <c>ADWIN</c>, <c>DDM</c> or <c>Page-Hinkley</c>.</param>
/// <param name="State">Its state: <see cref="ConceptDriftState.Drift"/> when it detected a drift during the window (see
/// <see cref="WindowDetections"/>), otherwise its state after the last observation.</param>
/// <param name="Observations">The labelled outcomes it has seen since its last reset.</param>
public sealed record ConceptDriftStatus(string Detector, ConceptDriftState State, long Observations)
{
    /// <summary>Gets the drifts it detected during the window.</summary>
    public long WindowDetections { get; init; }

    /// <summary>Gets the drifts it detected since it was created.</summary>
    public long Detections { get; init; }
}
