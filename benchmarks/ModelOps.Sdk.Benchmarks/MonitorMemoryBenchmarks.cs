using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using ModelOps.Sdk.Monitoring.Monitors;
using static ModelOps.Sdk.Benchmarks.MonitorIngestBenchmarks;

namespace ModelOps.Sdk.Benchmarks;

/// <summary>
/// Memory of a <see cref="StreamingMonitor{TInput, TOutput}"/> does not grow with rows: each benchmark feeds a fresh monitor
/// (20 numeric features and one output) 10,000 or 10,000,000 rows and returns the bytes of its counting state
/// (<see cref="StreamingMonitor{TInput, TOutput}.StateBytes"/>); the allocated column shows that feeding allocated nothing, and the
/// console line printed at cleanup gives the state bytes and the managed heap after a full collection for both. One cold
/// invocation each: 10,000,000 rows take seconds.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3, invocationCount: 1)]
public class MonitorMemoryBenchmarks
{
    private readonly WideRow[] _rows = new WideRow[1024];
    private readonly WideScore[] _scores = new WideScore[1024];
    private readonly List<string> _lines = [];
    private StreamingMonitor<WideRow, WideScore>? _monitor;

    [IterationSetup]
    public void IterationSetup()
    {
        _monitor?.Dispose();
        (_monitor, _) = Create(_rows, _scores);
    }

    [GlobalCleanup]
    public void GlobalCleanup()
    {
        _monitor?.Dispose();
        foreach (var line in _lines.Distinct())
        {
            Console.WriteLine("// Monitor memory: " + line);
        }
    }

    [Benchmark(Baseline = true, Description = "10,000 rows")]
    public long TenThousandRows() => Feed(10_000);

    [Benchmark(Description = "10,000,000 rows")]
    public long TenMillionRows() => Feed(10_000_000);

    private long Feed(int rows)
    {
        var monitor = _monitor!;
        for (var n = 0; n < rows; n++)
        {
            monitor.Observe(_rows[n & 1023], _scores[n & 1023]);
        }

        var heap = GC.GetTotalMemory(forceFullCollection: true);
        _lines.Add($"after {rows:N0} rows: state {monitor.StateBytes:N0} B, managed heap {heap:N0} B");
        return monitor.StateBytes;
    }
}
