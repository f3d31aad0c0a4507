using ModelOps.Sdk.Telemetry;

namespace ModelOps.Sdk.Hosting.Telemetry;

/// <summary>What one model version's scorers counted between two collections of <see cref="ScorerTelemetryListener"/>.</summary>
/// <param name="ModelName">The model.</param>
/// <param name="ModelVersion">The version served.</param>
/// <param name="Calls">The calls, exact.</param>
/// <param name="Errors">The failed calls, exact.</param>
/// <param name="Latency">The sampled latencies.</param>
internal sealed record ScorerTelemetryDelta(string ModelName, int ModelVersion, long Calls, long Errors, ScorerLatencyHistogram Latency);
