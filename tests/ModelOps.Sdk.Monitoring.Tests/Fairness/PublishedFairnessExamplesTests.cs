using ModelOps.Sdk.Monitoring.Fairness;

namespace ModelOps.Sdk.Monitoring.Tests.Fairness;

/// <summary>
/// Our figures against the worked examples in Fairlearn's user guide (the same 18 rows in every page), and the signed
/// (AIF360-style) convention against its definition and a published signed example.
/// </summary>
public sealed class PublishedFairnessExamplesTests
{
    // Fairlearn user guide, "Performing a Fairness Assessment", "Common fairness metrics" and "Intersecting Groups":
    // https://fairlearn.org/main/user_guide/assessment/perform_fairness_assessment.html
    // https://fairlearn.org/main/user_guide/assessment/common_fairness_metrics.html
    // https://fairlearn.org/main/user_guide/assessment/intersecting_groups.html
    // (sources: fairlearn/fairlearn docs/user_guide/assessment/*.rst, doctested).
    private static readonly int[] YTrue = [0, 1, 1, 1, 1, 0, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1];
    private static readonly int[] YPred = [0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0];
    private static readonly string[] SfData = ["b", "b", "a", "b", "b", "c", "c", "c", "a", "a", "c", "a", "b", "c", "c", "b", "c", "c"];
    private static readonly string[] G2 = ["8", "6", "8", "8", "8", "8", "6", "6", "6", "8", "6", "6", "6", "6", "8", "6", "6", "6"];

    // The examples have groups of 4 to 8 rows; Fairlearn has no minimum group size, so ours is set to 1 to compare.
    private static readonly FairnessOptions NoMinimum = new() { MinimumGroupSize = 1 };

    private static GroupOutcomeCounts FairlearnCounts()
    {
        var counts = new GroupOutcomeCounts();
        for (var i = 0; i < YTrue.Length; i++)
        {
            counts.Add(new FairnessGroup(SfData[i]), YPred[i] == 1, YTrue[i] == 1);
        }

        return counts;
    }

    [Fact]
    public void PerGroupRates_MatchFairlearnsMetricFrameByGroup()
    {
        // >>> mf.by_group
        //      tpr       fpr   sel  count
        // a    0.5  1.000000  0.75    4.0
        // b    0.6  0.000000  0.50    6.0
        // c    0.4  0.666667  0.50    8.0
        var report = FairnessMetrics.Compute(FairlearnCounts(), NoMinimum);
        var published = new Dictionary<string, (double Tpr, double Fpr, double Sel, long Count)>
        {
            ["a"] = (0.5, 1.0, 0.75, 4),
            ["b"] = (0.6, 0.0, 0.50, 6),
            ["c"] = (0.4, 0.666667, 0.50, 8),
        };

        Assert.Equal(3, report.Groups.Count);
        foreach (var group in report.Groups)
        {
            var expected = published[group.Group.Value];
            Assert.Equal(expected.Tpr, group.TruePositiveRate!.Value, 6);
            Assert.Equal(expected.Fpr, group.FalsePositiveRate!.Value, 6);
            Assert.Equal(expected.Sel, group.SelectionRate!.Value, 6);
            Assert.Equal(expected.Count, group.Counts.Count);
        }
    }

    [Fact]
    public void BetweenGroupsMeasures_MatchFairlearnsPublishedValues()
    {
        var report = FairnessMetrics.Compute(FairlearnCounts(), NoMinimum);

        // demographic_parity_difference(...) -> 0.25; demographic_parity_ratio(...) -> 0.66666...
        Assert.Equal(0.25, report.DemographicParityDifference.Value!.Value, 12);
        Assert.Equal(2.0 / 3.0, report.DemographicParityRatio.Value!.Value, 12);

        // mf.difference(): tpr 0.20 (our equal opportunity difference), fpr 1.00.
        Assert.Equal(0.2, report.EqualOpportunityDifference.Value!.Value, 12);

        // equalized_odds_difference(...) -> 1.0 (the larger of the TPR and FPR differences).
        Assert.Equal(1.0, report.EqualizedOddsDifference.Value!.Value, 12);
    }

    [Fact]
    public void IntersectionCountedByTheMonitor_MatchesFairlearnsTwoSensitiveFeatureRecall()
    {
        // >>> metric_2sf_multi.by_group   (recall and count by SF 0 x SF 1)
        // a 6: 0.000000, 2   a 8: 1.000000, 2   b 6: 0.666667, 3   b 8: 0.500000, 3   c 6: 0.500000, 6   c 8: 0.000000, 2
        var monitor = new FairnessMonitorBuilder<(string Sf0, string Sf1), bool>(selected => selected)
            .AddAttribute("SF 0", r => r.Sf0, NoMinimum)
            .AddAttribute("SF 1", r => r.Sf1, NoMinimum)
            .AddIntersection("SF 0", "SF 1", NoMinimum)
            .Build();
        for (var i = 0; i < YTrue.Length; i++)
        {
            monitor.Observe((SfData[i], G2[i]), YPred[i] == 1);
            monitor.ObserveLabel((SfData[i], G2[i]), YPred[i] == 1, YTrue[i] == 1);
        }

        var intersection = monitor.CloseWindow()[2];
        var published = new Dictionary<FairnessGroup, (double Recall, long Count)>
        {
            [new("a", "6")] = (0.0, 2),
            [new("a", "8")] = (1.0, 2),
            [new("b", "6")] = (0.666667, 3),
            [new("b", "8")] = (0.5, 3),
            [new("c", "6")] = (0.5, 6),
            [new("c", "8")] = (0.0, 2),
        };

        Assert.Equal("SF 0 & SF 1", intersection.Attribute);
        Assert.Equal(6, intersection.Groups.Count);
        foreach (var group in intersection.Groups)
        {
            Assert.Equal(published[group.Group].Recall, group.TruePositiveRate!.Value, 6);
            Assert.Equal(published[group.Group].Count, group.Counts.Count);
        }

        Assert.Equal(1.0, intersection.EqualOpportunityDifference.Value!.Value, 12);
    }

    [Fact]
    public void SignedConvention_OnFairlearnsRows_MatchesAif360sDefinitions()
    {
        // AIF360 defines each signed measure as unprivileged minus privileged (ratio: unprivileged over privileged):
        // https://aif360.readthedocs.io/en/latest/modules/generated/aif360.sklearn.metrics.statistical_parity_difference.html
        // (Pr(Ŷ=pos | D=unprivileged) − Pr(Ŷ=pos | D=privileged)), and likewise disparate_impact_ratio,
        // equal_opportunity_difference and average_odds_difference. No AIF360 page with worked numbers was found, so the expected
        // values are computed by hand from the published per-group rates above, with b as the privileged group.
        var report = FairnessMetrics.Compute(FairlearnCounts(), new FairnessOptions { MinimumGroupSize = 1, PrivilegedGroup = new FairnessGroup("b") });
        var a = report.ComparisonsWithPrivileged.Single(c => c.Group.Value == "a");
        var c = report.ComparisonsWithPrivileged.Single(c => c.Group.Value == "c");

        Assert.Equal(0.75 - 0.5, a.StatisticalParityDifference!.Value, 12);
        Assert.Equal(0.75 / 0.5, a.DisparateImpact!.Value, 12);
        Assert.Equal(0.5 - 0.6, a.EqualOpportunityDifference!.Value, 12);
        Assert.Equal(1.0 - 0.0, a.FalsePositiveRateDifference!.Value, 12);
        Assert.Equal(((1.0 - 0.0) + (0.5 - 0.6)) / 2, a.AverageOddsDifference!.Value, 12);
        Assert.Equal(0.0, c.StatisticalParityDifference!.Value, 12);
        Assert.Equal(1.0, c.DisparateImpact!.Value, 12);
        Assert.Equal(0.4 - 0.6, c.EqualOpportunityDifference!.Value, 12);
        Assert.Equal(((2.0 / 3.0) + (0.4 - 0.6)) / 2, c.AverageOddsDifference!.Value, 12);
        Assert.True(a.PassesFourFifthsRule);
    }

    [Fact]
    public void SignedStatisticalParity_MatchesAPublishedSignedExample()
    {
        // holistic-ai's statistical_parity(group_a, group_b, y_pred) = sr_a − sr_b, AIF360's convention with a as the unprivileged
        // group: group_a = [1,1,1,1,0,0,0,0,0,0], y_pred = [1,1,1,0,1,1,0,0,0,0] -> 0.4166666666666667
        // https://holisticai.readthedocs.io/en/latest/reference/bias/.generated/holisticai.bias.metrics.statistical_parity.html
        int[] groupA = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0];
        int[] yPred = [1, 1, 1, 0, 1, 1, 0, 0, 0, 0];
        var counts = new GroupOutcomeCounts();
        for (var i = 0; i < yPred.Length; i++)
        {
            counts.Add(new FairnessGroup(groupA[i] == 1 ? "a" : "b"), yPred[i] == 1);
        }

        var report = FairnessMetrics.Compute(counts, new FairnessOptions { MinimumGroupSize = 1, PrivilegedGroup = new FairnessGroup("b") });

        Assert.Equal(0.4166666666666667, report.ComparisonsWithPrivileged.Single().StatisticalParityDifference!.Value, 15);
    }
}
