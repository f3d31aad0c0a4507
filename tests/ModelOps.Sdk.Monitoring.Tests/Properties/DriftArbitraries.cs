using FsCheck;
using FsCheck.Fluent;

namespace ModelOps.Sdk.Monitoring.Tests.Properties;

/// <summary>Two numeric samples; values come from a coarse grid half the time so ties within and across samples are common.</summary>
public sealed record SamplePair(double[] Reference, double[] Current)
{
    public override string ToString() => $"ref [{string.Join(", ", Reference)}] cur [{string.Join(", ", Current)}]";
}

/// <summary>Two aligned count vectors, each with a positive total; zero bins are common.</summary>
public sealed record CountPair(long[] Reference, long[] Current)
{
    public override string ToString() => $"ref [{string.Join(", ", Reference)}] cur [{string.Join(", ", Current)}]";
}

public static class DriftArbitraries
{
    public static Arbitrary<SamplePair> Samples()
    {
        var grid = Gen.Choose(-6, 6).Select(k => k * 0.5);
        var continuous = Gen.Choose(-1_000_000, 1_000_000).Select(k => k / 1000.0);
        var value = Gen.Frequency((1, grid), (1, continuous));
        var pairs =
            from n in Gen.Choose(1, 60)
            from m in Gen.Choose(1, 60)
            from a in value.ArrayOf(n)
            from b in value.ArrayOf(m)
            select new SamplePair(a, b);
        return pairs.ToArbitrary();
    }

    public static Arbitrary<CountPair> Counts()
    {
        var count = Gen.Frequency((1, Gen.Constant(0L)), (3, Gen.Choose(0, 500).Select(c => (long)c)));
        var pairs =
            from k in Gen.Choose(1, 12)
            from a in count.ArrayOf(k)
            from b in count.ArrayOf(k)
            select new CountPair(WithPositiveTotal(a), WithPositiveTotal(b));
        return pairs.ToArbitrary();
    }

    private static long[] WithPositiveTotal(long[] counts)
    {
        if (counts.Sum() == 0)
        {
            counts[0] = 1;
        }

        return counts;
    }
}
