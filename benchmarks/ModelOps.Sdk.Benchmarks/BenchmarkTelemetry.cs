using OpenTelemetry.Metrics;

namespace ModelOps.Sdk.Benchmarks;

/// <summary>Turns telemetry on for a benchmark row: an OpenTelemetry MeterProvider listening to every ModelOps instrument.</summary>
internal static class BenchmarkTelemetry
{
    /// <summary>
    /// Builds the provider. Its in-memory exporter collects on OpenTelemetry's default period (60 s), so the rows measure the
    /// recording path, not the export.
    /// </summary>
    public static MeterProvider ListenToEveryInstrument() =>
        global::OpenTelemetry.Sdk.CreateMeterProviderBuilder()
            .AddModelOpsInstrumentation()
            .AddInMemoryExporter(new List<MetricSnapshot>())
            .Build();
}
