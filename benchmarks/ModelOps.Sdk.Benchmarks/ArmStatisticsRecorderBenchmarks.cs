using BenchmarkDotNet.Attributes;
using ModelOps.Sdk.Routing.Statistics;

namespace ModelOps.Sdk.Benchmarks;

/// <summary>
/// The statistics cost a routed call pays: <see cref="ArmStatisticsRecorder.RecordCall"/> (call and error counters plus the
/// logarithmic latency bin, lock-free). Baseline: a single interlocked increment, the least any shared call counter costs.
/// Target: a few nanoseconds over the baseline and 0 B allocated. Also: one outcome (under the recorder's lock) and a snapshot.
/// </summary>
[MemoryDiagnoser]
public class ArmStatisticsRecorderBenchmarks
{
    private readonly TimeSpan[] _latencies = new TimeSpan[64];
    private ArmStatisticsRecorder _recorder = null!;
    private long _counter;
    private int _next;

    [GlobalSetup]
    public void GlobalSetup()
    {
        _recorder = new ArmStatisticsRecorder("challenger", 2, QualityMetricKind.BinaryClassification);
        for (var i = 0; i < _latencies.Length; i++)
        {
            // 50 us to about 50 ms, so the calls spread over many bins.
            _latencies[i] = TimeSpan.FromMicroseconds(50 * Math.Pow(1.115, i));
        }

        for (var i = 0; i < 10_000; i++)
        {
            _recorder.RecordCall(_latencies[i % _latencies.Length], failed: i % 50 == 0);
            _recorder.RecordBinaryOutcome(i % 3 == 0, (i % 997) / 997.0);
        }
    }

    [Benchmark(Baseline = true)]
    public long InterlockedIncrement() => Interlocked.Increment(ref _counter);

    [Benchmark]
    public void RecordCall()
    {
        var i = _next++ & 63;
        _recorder.RecordCall(_latencies[i], failed: i == 0);
    }

    [Benchmark]
    public void RecordBinaryOutcome()
    {
        var i = _next++ & 63;
        _recorder.RecordBinaryOutcome((i & 1) == 0, i / 64.0);
    }

    [Benchmark]
    public ArmStatistics Snapshot() => _recorder.Snapshot();
}
