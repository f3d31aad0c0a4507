using ModelOps.Sdk.Monitoring.Fairness;

namespace ModelOps.Sdk.Monitoring.Tests.Fairness;

/// <summary>
/// Hand-computed values for the Fairlearn definitions (max − min between groups; ratio min/max; equalized odds = the larger of
/// the TPR and FPR differences) and the AIF360 ones (signed unprivileged − privileged; disparate impact SR_u/SR_p).
/// </summary>
public sealed class FairnessMetricsTests
{
    private static readonly FairnessGroup A = new("a");
    private static readonly FairnessGroup B = new("b");
    private static readonly FairnessGroup C = new("c");

    // Group a: 100 rows, 60 positive labels of which 48 selected, 40 negatives of which 12 selected → SR 0.6, TPR 0.8, FPR 0.3.
    // Group b: 50 rows, 20 positives of which 10 selected, 30 negatives of which 5 selected → SR 0.3, TPR 0.5, FPR 1/6.
    private static GroupOutcomeCounts Example()
    {
        var counts = new GroupOutcomeCounts();
        AddRows(counts, A, positivesSelected: 48, positivesRejected: 12, negativesSelected: 12, negativesRejected: 28);
        AddRows(counts, B, positivesSelected: 10, positivesRejected: 10, negativesSelected: 5, negativesRejected: 25);
        return counts;
    }

    private static void AddRows(GroupOutcomeCounts counts, FairnessGroup group, int positivesSelected, int positivesRejected, int negativesSelected, int negativesRejected)
    {
        for (var i = 0; i < positivesSelected; i++)
        {
            counts.Add(group, selected: true, actualPositive: true);
        }

        for (var i = 0; i < positivesRejected; i++)
        {
            counts.Add(group, selected: false, actualPositive: true);
        }

        for (var i = 0; i < negativesSelected; i++)
        {
            counts.Add(group, selected: true, actualPositive: false);
        }

        for (var i = 0; i < negativesRejected; i++)
        {
            counts.Add(group, selected: false, actualPositive: false);
        }
    }

    [Fact]
    public void Compute_FairlearnConvention_HandComputed()
    {
        var report = FairnessMetrics.Compute(Example(), new FairnessOptions { MinimumGroupSize = 10 });

        Assert.Equal(0.3, report.DemographicParityDifference.Value!.Value, 12);
        Assert.Equal(0.5, report.DemographicParityRatio.Value!.Value, 12);
        Assert.Equal(A, report.DemographicParityDifference.HighestGroup);
        Assert.Equal(B, report.DemographicParityDifference.LowestGroup);
        Assert.Equal(0.3, report.EqualOpportunityDifference.Value!.Value, 12);

        // max(TPR range 0.3, FPR range 0.3 − 1/6 = 0.1333) = 0.3.
        Assert.Equal(0.3, report.EqualizedOddsDifference.Value!.Value, 12);
    }

    [Fact]
    public void Compute_Aif360Convention_SignedAgainstPrivilegedAndFourFifthsRule()
    {
        var report = FairnessMetrics.Compute(Example(), new FairnessOptions { MinimumGroupSize = 10, PrivilegedGroup = A });

        var b = Assert.Single(report.ComparisonsWithPrivileged);
        Assert.Equal(B, b.Group);
        Assert.Equal(-0.3, b.StatisticalParityDifference!.Value, 12);
        Assert.Equal(0.5, b.DisparateImpact!.Value, 12);
        Assert.False(b.PassesFourFifthsRule);
        Assert.Equal(-0.3, b.EqualOpportunityDifference!.Value, 12);
        Assert.Equal((1.0 / 6) - 0.3, b.FalsePositiveRateDifference!.Value, 12);
        Assert.Equal(((1.0 / 6) - 0.3 - 0.3) / 2, b.AverageOddsDifference!.Value, 12);
    }

    [Fact]
    public void Compute_GroupBelowMinimumSize_IsMarkedInsufficientNotReported()
    {
        var counts = Example();
        for (var i = 0; i < 5; i++)
        {
            counts.Add(C, selected: false);
        }

        var report = FairnessMetrics.Compute(counts, new FairnessOptions { MinimumGroupSize = 30 });

        var c = report.Groups.Single(g => g.Group == C);
        Assert.Null(c.SelectionRate);

        // b has only 20 labelled positives < 30, so the TPR comparison has one group left and is insufficient.
        Assert.Null(report.Groups.Single(g => g.Group == B).TruePositiveRate);
        Assert.True(report.EqualOpportunityDifference.Insufficient);
        Assert.Contains("fewer than two groups", report.EqualOpportunityDifference.Reason, StringComparison.Ordinal);
        Assert.Equal(0.3, report.DemographicParityDifference.Value!.Value, 12);
        Assert.Equal(2, report.DemographicParityDifference.GroupsCompared);
    }

    [Fact]
    public void Compute_FourFifthsRule_PassesAtExactlyEightyPercent()
    {
        var counts = new GroupOutcomeCounts();
        for (var i = 0; i < 100; i++)
        {
            counts.Add(A, selected: i < 50);
            counts.Add(B, selected: i < 40);
        }

        var comparison = Assert.Single(FairnessMetrics.Compute(counts, new FairnessOptions { PrivilegedGroup = A }).ComparisonsWithPrivileged);

        Assert.Equal(0.8, comparison.DisparateImpact!.Value, 12);
        Assert.True(comparison.PassesFourFifthsRule);
    }

    [Fact]
    public void Compute_IntersectionsOfTwoAttributes_AreGroupsOfTheirOwn()
    {
        var counts = new GroupOutcomeCounts();
        for (var i = 0; i < 40; i++)
        {
            counts.Add(new FairnessGroup("f", "young"), selected: i < 30);
            counts.Add(new FairnessGroup("f", "old"), selected: i < 10);
            counts.Add(new FairnessGroup("m", "young"), selected: i < 20);
            counts.Add(new FairnessGroup("m", "old"), selected: i < 20);
        }

        var report = FairnessMetrics.Compute(counts);

        Assert.Equal(4, report.Groups.Count);
        Assert.Equal(0.5, report.DemographicParityDifference.Value!.Value, 12);
        Assert.Equal(new FairnessGroup("f", "young"), report.DemographicParityDifference.HighestGroup);
        Assert.Equal("f & old", report.DemographicParityDifference.LowestGroup!.Value.ToString());
    }

    [Fact]
    public void Compute_UnknownPrivilegedGroup_Throws()
    {
        var ex = Assert.Throws<InvalidMonitoringInputException>(() => FairnessMetrics.Compute(Example(), new FairnessOptions { PrivilegedGroup = C }));
        Assert.Equal(nameof(FairnessOptions.PrivilegedGroup), ex.Parameter);
    }

    [Fact]
    public void Compute_SameSelectionRateDifferentErrors_ParityHoldsEqualizedOddsDoesNot()
    {
        // y_true = [1,0,1,0 | 1,1,0,0], y_pred = [1,0,0,1 | 1,1,0,0], groups a|b (by hand): both select 2 of 4 (DP difference 0),
        // a has TPR 1/2 and FPR 1/2, b has TPR 1 and FPR 0, so Fairlearn's equalized_odds_difference (worst case) is 0.5.
        bool[] truth = [true, false, true, false, true, true, false, false];
        bool[] predicted = [true, false, false, true, true, true, false, false];
        var counts = new GroupOutcomeCounts();
        for (var i = 0; i < truth.Length; i++)
        {
            counts.Add(i < 4 ? A : B, predicted[i], truth[i]);
        }

        var report = FairnessMetrics.Compute(counts, new FairnessOptions { MinimumGroupSize = 1 });

        Assert.Equal(0.0, report.DemographicParityDifference.Value!.Value, 12);
        Assert.Equal(1.0, report.DemographicParityRatio.Value!.Value, 12);
        Assert.Equal(0.5, report.EqualOpportunityDifference.Value!.Value, 12);
        Assert.Equal(0.5, report.EqualizedOddsDifference.Value!.Value, 12);
    }
}
