using ModelOps.Sdk.Monitoring.Profiles;

namespace ModelOps.Sdk.Monitoring.Tests.Profiles;

/// <summary>Compares profiles: bins and counts exactly, moments to a relative tolerance.</summary>
public static class ProfileAssert
{
    public static void Equivalent(DataProfile expected, DataProfile actual, double relativeTolerance, bool compareUnseenOrder = true)
    {
        Assert.Equal(expected.SchemaVersion, actual.SchemaVersion);
        Assert.Equal(expected.RowCount, actual.RowCount);
        Assert.Equal(expected.BadRowCount, actual.BadRowCount);
        Assert.Equal(expected.Features.Count, actual.Features.Count);
        Assert.Equal(expected.Predictions.Count, actual.Predictions.Count);
        foreach (var (e, a) in expected.Features.Concat(expected.Predictions).Zip(actual.Features.Concat(actual.Predictions)))
        {
            Assert.Equal(e.Name, a.Name);
            Assert.Equal(e.Kind, a.Kind);
            Assert.Equal(e.Edges, a.Edges);
            Assert.Equal(e.Categories, a.Categories);
            Assert.Equal(e.OtherCategories, a.OtherCategories);
            Assert.Equal(e.GetBinnedCounts(), a.GetBinnedCounts());
            Assert.Equal(e.Count, a.Count);
            Assert.Equal(e.InfiniteCount, a.InfiniteCount);
            if (compareUnseenOrder)
            {
                Assert.Equal(e.UnseenExamples, a.UnseenExamples);
            }
            else
            {
                Assert.Equal(e.UnseenExamples.Order(StringComparer.Ordinal), a.UnseenExamples.Order(StringComparer.Ordinal));
            }

            Assert.Equal(e.Moments is null, a.Moments is null);
            if (e.Moments is { } em && a.Moments is { } am)
            {
                Assert.Equal(em.Count, am.Count);
                Assert.Equal(em.Min, am.Min);
                Assert.Equal(em.Max, am.Max);
                Close(em.Mean, am.Mean, relativeTolerance, Math.Max(Math.Abs(em.Max), Math.Abs(em.Min)), $"{e.Name} mean");
                Close(em.SumOfSquaredDeviations, am.SumOfSquaredDeviations, relativeTolerance, em.SumOfSquaredDeviations, $"{e.Name} M2");
            }
        }
    }

    private static void Close(double expected, double actual, double relative, double scale, string what)
    {
        var tolerance = relative * Math.Max(Math.Abs(scale), 1e-300);
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: expected {expected:R}, got {actual:R} (tolerance {tolerance:R})");
    }
}
