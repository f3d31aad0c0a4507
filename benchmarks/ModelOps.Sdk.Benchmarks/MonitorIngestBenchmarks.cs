using BenchmarkDotNet.Attributes;
using ModelOps.Sdk.Monitoring.Monitors;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Schema;

namespace ModelOps.Sdk.Benchmarks;

/// <summary>
/// Feeding one row of 20 numeric features (and one numeric prediction) into a <see cref="StreamingMonitor{TInput, TOutput}"/>
/// on the hot path: read each value through its compiled reader, find its bin among the reference's quantile edges, and count it
/// with Welford's moments under a stripe lock. Baseline: the bare loop that reads the same 21 values through the same readers
/// and sums them. Target: at most 200 ns and 0 B per row. The memory check is <see cref="MonitorMemoryBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
public class MonitorIngestBenchmarks
{
    private const int Features = 20;
    private readonly WideRow[] _rows = new WideRow[1024];
    private readonly WideScore[] _scores = new WideScore[1024];
    private Func<WideRow, double>[] _readers = [];
    private StreamingMonitor<WideRow, WideScore>? _monitor;
    private int _next;

    [GlobalSetup]
    public void GlobalSetup() => (_monitor, _readers) = Create(_rows, _scores);

    [GlobalCleanup]
    public void GlobalCleanup() => _monitor?.Dispose();

    /// <summary>Fills the rows and builds a monitor over 20 numeric features and one numeric output.</summary>
    internal static (StreamingMonitor<WideRow, WideScore> Monitor, Func<WideRow, double>[] Readers) Create(WideRow[] rows, WideScore[] scores)
    {
        var random = new Random(42);
        for (var i = 0; i < rows.Length; i++)
        {
            var values = new double[Features];
            for (var f = 0; f < Features; f++)
            {
                values[f] = (random.NextDouble() * 100) + f;
            }

            rows[i] = new WideRow(values);
            scores[i] = new WideScore(random.NextDouble());
        }

        var builder = new MonitoringSchemaBuilder<WideRow, WideScore>();
        var readers = new Func<WideRow, double>[Features];
        for (var f = 0; f < Features; f++)
        {
            var index = f;
            readers[f] = row => row.Values[index];
            builder.AddNumericInput($"f{f:D2}", readers[f]);
        }

        var schema = builder.AddNumericPrediction("score", s => s.Score).Build();
        var reference = schema.FitReference(rows, scores, new ProfileOptions { NumericBins = 10 });
        return (new StreamingMonitor<WideRow, WideScore>(schema, reference, new StreamingMonitorOptions { WindowDuration = TimeSpan.FromDays(1) }), readers);
    }

    [Benchmark(Baseline = true, Description = "Read 20 features + 1 output (bare loop)")]
    public double ReadValuesOnly()
    {
        var i = _next++ & 1023;
        var row = _rows[i];
        var sum = _scores[i].Score;
        var readers = _readers;
        for (var f = 0; f < readers.Length; f++)
        {
            sum += readers[f](row);
        }

        return sum;
    }

    [Benchmark(Description = "StreamingMonitor.Observe (20 numeric + 1 output)")]
    public void Observe()
    {
        var i = _next++ & 1023;
        _monitor!.Observe(_rows[i], _scores[i]);
    }

    /// <summary>A wide input row: 20 numbers.</summary>
    public sealed record WideRow(double[] Values);

    /// <summary>The model's output: a score.</summary>
    public sealed record WideScore(double Score);
}
