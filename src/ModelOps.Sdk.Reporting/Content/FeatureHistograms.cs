using ModelOps.Sdk.Monitoring.Profiles;

namespace ModelOps.Sdk.Reporting;

/// <summary>Builds the reference-versus-current histograms of a window from the counts of its profile and the reference's.</summary>
internal static class FeatureHistograms
{
    /// <summary>One histogram per input, then per output, present in both profiles, in the reference's order.</summary>
    public static IReadOnlyList<FeatureHistogram> Of(int version, StoredMonitoringWindow window, DataProfile reference, DataProfile current)
    {
        var result = new List<FeatureHistogram>();
        foreach (var (features, isOutput) in new[] { (reference.Features, false), (reference.Predictions, true) })
        {
            foreach (var expected in features)
            {
                var actual = (isOutput ? current.Predictions : current.Features).FirstOrDefault(f => string.Equals(f.Name, expected.Name, StringComparison.Ordinal));
                if (actual is not null)
                {
                    result.Add(new FeatureHistogram(version, expected.Name, isOutput, window.EndedAt, window.InstanceCount, Bins(expected, actual)));
                }
            }
        }

        return result;
    }

    private static List<HistogramBin> Bins(FeatureProfile reference, FeatureProfile current)
    {
        var expected = reference.GetBinnedCounts();
        var actual = current.GetBinnedCounts();
        var labels = Labels(reference);
        double referenceTotal = expected.Sum();
        double currentTotal = actual.Sum();
        var bins = new List<HistogramBin>(expected.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            // The special bins (outside the range, other, unseen, missing) only when either side has a value in them.
            if (i >= reference.Counts.Count && expected[i] == 0 && actual[i] == 0)
            {
                continue;
            }

            bins.Add(new HistogramBin(
                labels[i],
                expected[i],
                actual[i],
                referenceTotal > 0 ? expected[i] / referenceTotal : 0,
                currentTotal > 0 ? actual[i] / currentTotal : 0));
        }

        return bins;
    }

    /// <summary>The slots of <see cref="FeatureProfile.GetBinnedCounts"/> in plain words, numbers rounded for reading.</summary>
    private static string[] Labels(FeatureProfile feature)
    {
        var labels = new string[feature.BinnedSlotCount];
        var regular = feature.Counts.Count;
        for (var i = 0; i < regular; i++)
        {
            labels[i] = feature.Kind switch
            {
                FeatureKind.Numeric when feature.Edges[i + 1] == Math.BitIncrement(feature.Edges[i]) => $"exactly {ReportFormat.Number(feature.Edges[i])}",
                FeatureKind.Numeric => $"{ReportFormat.Number(feature.Edges[i])} to under {ReportFormat.Number(feature.Edges[i + 1])}",
                _ => feature.Categories[i],
            };
        }

        (labels[regular], labels[regular + 1]) = feature.Kind switch
        {
            FeatureKind.Numeric => ("below the reference minimum", "above the reference maximum"),
            FeatureKind.Categorical => ("other categories seen in training", "categories never seen in training"),
            _ => ("(unused)", "(unused)"),
        };
        labels[regular + 2] = "missing";
        return labels;
    }
}
