using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Routing;
using ModelOps.Sdk.Routing.PredictionLog;

namespace ModelOps.Sdk.Benchmarks;

/// <summary>
/// The caller's cost of the prediction log: a routed call (90/10, per-call assignment) whose answer is handed to a
/// <see cref="JsonLinesPredictionLogSink"/> (a clock read, the output score function, one write to the sink's bounded queue, or a
/// counted drop when it is full), against the same routed call in a container with no sink (baseline). Serializing, redacting and
/// appending run on the sink's writer thread; how many records it wrote and dropped is printed at cleanup, since
/// BenchmarkDotNet measures the calling thread only.
/// </summary>
[MemoryDiagnoser]
public class PredictionLogRoutingBenchmarks
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "modelops-bench-predlog-" + Guid.NewGuid().ToString("N"));
    private RoutingModels? _plain;
    private RoutingModels? _logged;
    private IRoutedScorer<BenchApplicant, BenchDecision>? _withoutLog;
    private IRoutedScorer<BenchApplicant, BenchDecision>? _withLog;
    private int _next;

    [GlobalSetup]
    public async Task GlobalSetup()
    {
        _plain = await RoutingModels.CreateAsync();
        _logged = await RoutingModels.CreateAsync(b => b.AddJsonLinesPredictionLog(o =>
        {
            o.Directory = _directory;
            o.HashKey = Convert.ToBase64String(new byte[32]);
            o.RedactedFields["income"] = FieldRedaction.Hash;
        }));
        _withoutLog = await _plain.Factory.CreateForDefinitionAsync<BenchApplicant, BenchDecision>(RoutingModels.Experiment("plain").Build(), d => d.Limit);
        _withLog = await _logged.Factory.CreateForDefinitionAsync<BenchApplicant, BenchDecision>(RoutingModels.Experiment("logged").Build(), d => d.Limit);
    }

    [GlobalCleanup]
    public async Task GlobalCleanup()
    {
        if (_withoutLog is not null)
        {
            await _withoutLog.DisposeAsync();
        }

        if (_withLog is not null)
        {
            await _withLog.DisposeAsync();
        }

        if (_logged is not null)
        {
            var sink = _logged.Services.GetRequiredService<JsonLinesPredictionLogSink>();
            await sink.FlushAsync();
            var bytes = Directory.EnumerateFiles(_directory).Sum(f => new FileInfo(f).Length);
            Console.WriteLine($"// Prediction log: {sink.Written} records written ({bytes / Math.Max(1, sink.Written)} B per line), {sink.Dropped} dropped (queue full), {sink.Failed} failed");
            await _logged.DisposeAsync();
        }

        if (_plain is not null)
        {
            await _plain.DisposeAsync();
        }

        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Benchmark(Baseline = true)]
    public BenchDecision WithoutLog() => _withoutLog!.Score(RoutingModels.Inputs[_next++ & 15]).Value;

    [Benchmark]
    public BenchDecision WithJsonLinesLog() => _withLog!.Score(RoutingModels.Inputs[_next++ & 15]).Value;
}
