using ModelOps.Sdk.Routing.Statistics;

namespace ModelOps.Sdk.Routing.Tests.Statistics;

/// <summary>Compares statistics: counts and bins exactly, moments to a relative tolerance (floating-point merge order).</summary>
internal static class StatisticsAssert
{
    public static void Equal(RunningMoments expected, RunningMoments actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        Close(expected.Mean, actual.Mean);
        Close(expected.M2, actual.M2);
    }

    public static void Equal(ArmStatistics expected, ArmStatistics actual)
    {
        Assert.Equal(expected.Arm, actual.Arm);
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.Kind, actual.Kind);
        Assert.Equal(expected.Calls, actual.Calls);
        Assert.Equal(expected.Errors, actual.Errors);
        Assert.Equal(expected.Latency.Bins.OrderBy(kv => kv.Key), actual.Latency.Bins.OrderBy(kv => kv.Key));
        Equal(expected.PrimaryOutcome, actual.PrimaryOutcome);
        Assert.Equal(expected.Binary is null, actual.Binary is null);
        if (expected.Binary is { } eb && actual.Binary is { } ab)
        {
            Assert.Equal((eb.TruePositives, eb.FalsePositives, eb.TrueNegatives, eb.FalseNegatives), (ab.TruePositives, ab.FalsePositives, ab.TrueNegatives, ab.FalseNegatives));
            Assert.Equal(eb.PositiveScores.OrderBy(kv => kv.Key), ab.PositiveScores.OrderBy(kv => kv.Key));
            Assert.Equal(eb.NegativeScores.OrderBy(kv => kv.Key), ab.NegativeScores.OrderBy(kv => kv.Key));
        }

        Assert.Equal(expected.Regression is null, actual.Regression is null);
        if (expected.Regression is { } er && actual.Regression is { } ar)
        {
            Equal(er.AbsoluteError, ar.AbsoluteError);
            Equal(er.SquaredError, ar.SquaredError);
        }

        Assert.Equal(expected.Shadow is null, actual.Shadow is null);
        if (expected.Shadow is { } es && actual.Shadow is { } ash)
        {
            Assert.Equal(es.Agreements, ash.Agreements);
            Equal(es.ScoreDifference, ash.ScoreDifference);
        }
    }

    public static void Close(double expected, double actual, double relative = 1e-9)
    {
        var tolerance = relative * Math.Max(1, Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"expected {expected:R}, actual {actual:R} (tolerance {tolerance:R})");
    }
}
