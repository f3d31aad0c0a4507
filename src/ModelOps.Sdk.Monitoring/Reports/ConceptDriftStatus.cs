using ModelOps.Sdk.Monitoring.ConceptDrift;

namespace ModelOps.Sdk.Monitoring.Reports;

/// <summary>The state of a concept-drift detector on the error stream, for the report.</summary>
/// <param name="Detector">The detector's name, for example <c>ADWIN</c>, <c>DDM</c> or <c>Page-Hinkley</c>.</param>
/// <param name="State">Its state.</param>
/// <param name="Observations">The labelled outcomes it has seen since its last reset.</param>
public sealed record ConceptDriftStatus(string Detector, ConceptDriftState State, long Observations);
