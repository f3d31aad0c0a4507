using BenchmarkDotNet.Attributes;
using ModelOps.Sdk.Monitoring.Drift;

namespace ModelOps.Sdk.Benchmarks;

/// <summary>
/// The two-sample Kolmogorov–Smirnov test on 1,000,000 reference against 1,000,000 current values (normal, the current mean
/// shifted by 0.005 standard deviations), against the baseline of copying the same 2,000,000 doubles into one buffer and
/// <see cref="Array.Sort{T}(T[])"/>-ing it. Both sides copy their input once (the test must not reorder the caller's arrays,
/// and Array.Sort of the original arrays would sort already-sorted data after the first iteration), so the comparison is
/// sort-for-sort. Target: the test at most 1.5 × the baseline, and no allocation beyond the result (buffers are pooled).
/// </summary>
[MemoryDiagnoser]
public class KolmogorovSmirnovBenchmarks
{
    private const int Size = 1_000_000;

    private readonly double[] _reference = new double[Size];
    private readonly double[] _current = new double[Size];
    private readonly double[] _both = new double[2 * Size];

    [GlobalSetup]
    public void GlobalSetup()
    {
        var random = new Random(20261127);
        for (var i = 0; i < Size; i++)
        {
            _reference[i] = Normal(random);
            _current[i] = Normal(random) + 0.005;
        }
    }

    [Benchmark(Baseline = true)]
    public double ArraySortOfTheSameTwoMillionDoubles()
    {
        _reference.CopyTo(_both, 0);
        _current.CopyTo(_both, Size);
        Array.Sort(_both);
        return _both[Size];
    }

    [Benchmark]
    public double KolmogorovSmirnovTest_Compute() => KolmogorovSmirnovTest.Compute(_reference, _current).PValue!.Value;

    // Box–Muller; only to make benchmark data.
    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
