using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Monitoring.Fleet;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Quality;
using ModelOps.Sdk.Monitoring.Reports;
using ModelOps.Sdk.Monitoring.Schema;
using ModelOps.Sdk.Reporting;
using ModelOps.Sdk.Telemetry;

namespace ModelOps.Sdk.Benchmarks;

/// <summary>
/// Issue 19's budget: 200 models, each with 50 versions and 30 daily monitoring windows of its served version, on the filesystem
/// store; the overview plus one section per model must be written in under 5 s and under 20 MB. Each served version has 30 daily
/// monitoring reports, 30 daily binned windows saved by each of two instances (merged per day, and drawn as histograms) and the
/// scorer telemetry each instance saves at the default interval of one hour (<c>ModelOps:Hosting:ScorerTelemetryInterval</c>):
/// 720 snapshots per instance, saved as the hosting layer does, in a series per day with a revision per hour (merged per hour,
/// drawn per day). Run with <c>--filter *ReportBenchmarks*</c>; the setup's time
/// and the written size are printed at the end of the setup's check run.
/// </summary>
[MemoryDiagnoser]
public class ReportBenchmarks
{
    private const int Models = 200;
    private const int VersionsPerModel = 50;
    private const int WindowsPerModel = 30;
    private const int TelemetryPeriodsPerDay = 24;
    private static readonly string[] Instances = ["bench-a", "bench-b"];

    private string _root = null!;
    private ServiceProvider _provider = null!;
    private IModelOpsReportGenerator _generator = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _root = Path.Combine(Path.GetTempPath(), "modelops-report-bench-" + Guid.NewGuid().ToString("N"));
        var services = new ServiceCollection();
        services.AddModelOps().UseFileSystem(_root).AddMonitoring().AddReporting();
        _provider = services.BuildServiceProvider();
        var registry = _provider.GetRequiredService<IModelRegistry>();
        _generator = _provider.GetRequiredService<IModelOpsReportGenerator>();
        var (reference, window) = ProfilesOfTwoWindows();
        var report = DriftAnalyzer.Analyze(reference, window, new DriftOptions(), new MonitoringReportContext());
        var latencies = ScorerLatencyHistogram.FromLatencies(Enumerable.Range(0, 1_000).Select(static i => TimeSpan.FromMilliseconds(1 + (i % 50))));
        var started = TimeProvider.System.GetTimestamp();

        // Models are written in parallel: their journal appends queue at the store's lock, their blobs are flushed side by side.
        await Parallel.ForEachAsync(Enumerable.Range(0, Models), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (m, cancellationToken) =>
        {
            var name = $"model-{m:D3}";
            for (var v = 1; v <= VersionsPerModel; v++)
            {
                await using var artifact = new MemoryStream([(byte)m, (byte)v]);
                await registry.RegisterAsync(new ModelVersionRegistration { ModelName = name, Flavor = "custom", Artifact = artifact, Metrics = new Dictionary<string, double> { ["auc"] = 0.8 } }, cancellationToken);
            }

            await registry.SetAliasAsync(name, "champion", VersionsPerModel, cancellationToken: cancellationToken);
            await registry.SaveReferenceProfileAsync(name, VersionsPerModel, reference, cancellationToken: cancellationToken);
            for (var w = 0; w < WindowsPerModel; w++)
            {
                var day = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero).AddDays(w);
                var daily = report with { WindowStartedAt = day, WindowEndedAt = day.AddDays(1) };
                await registry.SaveMonitoringReportAsync(name, VersionsPerModel, daily, "production", cancellationToken: cancellationToken);
                foreach (var instance in Instances)
                {
                    await registry.SaveMonitoringWindowAsync(new SavedMonitoringWindow
                    {
                        InstanceId = instance,
                        ModelName = name,
                        ModelVersion = VersionsPerModel,
                        StartedAt = day,
                        EndedAt = day.AddDays(1),
                        Period = MonitoringPeriod.Containing(day, TimeSpan.FromDays(1)),
                        ReferenceProfileName = ReferenceProfileRegistryExtensions.DefaultName,
                        Profile = window,
                        Drift = new DriftOptions(),
                        Quality = new DataQualityOptions(),
                        Report = daily,
                    }, "production", cancellationToken);
                }

                // As the hosting layer saves it: each instance's series of the day gets a revision per hour holding every hour so
                // far, and the report reads the latest of each.
                var series = Instances.ToDictionary(static i => i, static _ => new List<ScorerTelemetrySnapshot>());
                for (var h = 0; h < TelemetryPeriodsPerDay; h++)
                {
                    var hour = day.AddHours(h);
                    foreach (var instance in Instances)
                    {
                        series[instance].Add(new ScorerTelemetrySnapshot
                        {
                            Instances = [instance],
                            ModelName = name,
                            ModelVersion = VersionsPerModel,
                            PeriodStart = hour,
                            PeriodEnd = hour.AddHours(1),
                            Calls = 64 * latencies.Count,
                            Errors = (w + h) % 7,
                            Latency = latencies,
                        });
                        await registry.AttachDocumentAsync(new DocumentAttachment
                        {
                            ModelName = name,
                            Version = VersionsPerModel,
                            Kind = DocumentKinds.ScorerTelemetrySeries,
                            Name = $"scorer-telemetry.{instance}.run1.{day:yyyyMMdd}T0000Z",
                            MediaType = "application/json",
                            Content = new ScorerTelemetrySeries
                            {
                                InstanceId = instance,
                                ModelName = name,
                                ModelVersion = VersionsPerModel,
                                Snapshots = series[instance],
                            }.ToJson(),
                        }, cancellationToken);
                    }
                }
            }
        });

        Console.WriteLine($"// setup: {TimeProvider.System.GetElapsedTime(started).TotalSeconds:N0} s");
        var size = await WriteReportAsync();
        Console.WriteLine($"// report of {Models} models: {size:N0} bytes");
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _provider.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Benchmark]
    public Task<long> WriteReportAsync() => WriteAsync();

    private async Task<long> WriteAsync()
    {
        await using var output = new CountingStream();
        await _generator.WriteHtmlAsync(output, ReportScope.All);
        return output.Length;
    }

    private static (DataProfile Reference, DataProfile Window) ProfilesOfTwoWindows()
    {
        var random = new Random(19);
        var schema = MonitoringSchema.FromProperties<ReportRow, ReportOutput>();
        List<ReportRow> Rows(double shift, int every) => [.. Enumerable.Range(0, 2000).Select(i => new ReportRow(50_000 + shift + (15_000 * random.NextDouble()), 20 + random.Next(50), i % every == 0 ? "EU" : "US"))];
        var reference = Rows(0, 3);
        var window = Rows(5_000, 4);
        var fitted = schema.FitReference(reference, reference.Select(static r => new ReportOutput(r.Income / 100_000)));

        // The window is binned against the reference, as a monitor bins its window; only then can drift compare the two.
        return (fitted, schema.Profile(fitted, window, window.Select(static r => new ReportOutput(r.Income / 100_000))));
    }

    /// <summary>A monitored input row of the benchmark's models.</summary>
    public sealed record ReportRow(double Income, int Age, string Region);

    /// <summary>A monitored output of the benchmark's models.</summary>
    public sealed record ReportOutput(double Score);

    /// <summary>A write-only stream that keeps only the count of bytes written.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _length += count;
    }
}
