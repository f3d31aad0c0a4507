using ModelOps.Sdk.Monitoring.Drift;

namespace ModelOps.Sdk.Monitoring.Tests.Drift;

public sealed class DatasetDriftTests
{
    private static DriftResult Test(double p) => new()
    {
        Method = DriftMethod.KolmogorovSmirnov,
        Statistic = 0.1,
        UnsmoothedStatistic = 0.1,
        PValue = p,
        Score = p,
        Threshold = 0.05,
        DecisionRule = DriftDecisionRule.PValueBelowThreshold,
        Drifted = p < 0.05,
        Units = "D",
        ReferenceCount = 100,
        CurrentCount = 100,
        Bins = 0,
        Smoothing = 0,
    };

    [Fact]
    public void BenjaminiHochbergAdjusted_HandComputed()
    {
        // sorted (0.005, 0.01, 0.03, 0.04) → m·p/i = (0.02, 0.02, 0.04, 0.04), cumulative minimum from the top, back in input order.
        var adjusted = MultipleTesting.BenjaminiHochbergAdjusted([0.01, 0.04, 0.03, 0.005]);

        Assert.Equal([0.02, 0.04, 0.04, 0.02], adjusted.Select(p => Math.Round(p, 12)));
    }

    [Fact]
    public void BenjaminiHochbergAdjusted_StepUpTakesMinimumFromAbove()
    {
        // m = 3: (0.01·3/1, 0.04·3/2, 0.045·3/3) = (0.03, 0.06, 0.045) → cumulative minimum from the top (0.03, 0.045, 0.045).
        Assert.Equal([0.03, 0.045, 0.045], MultipleTesting.BenjaminiHochbergAdjusted([0.01, 0.04, 0.045]).Select(p => Math.Round(p, 12)));
    }

    [Fact]
    public void BonferroniAdjusted_MultipliesAndCapsAtOne()
    {
        Assert.Equal([0.03, 1.0, 0.6], MultipleTesting.BonferroniAdjusted([0.01, 0.4, 0.2]).Select(p => Math.Round(p, 12)));
    }

    [Fact]
    public void Evaluate_CorrectionTurnsMarginalFeaturesOff()
    {
        var features = new[] { Test(0.001), Test(0.03), Test(0.04), Test(0.5) };

        var none = DriftDrift(features, PValueCorrection.None);
        var bonferroni = DriftDrift(features, PValueCorrection.Bonferroni);
        var bh = DriftDrift(features, PValueCorrection.BenjaminiHochberg);

        Assert.Equal([true, true, true, false], none.FeatureDrifted);
        Assert.True(none.Drifted);
        Assert.Equal(0.75, none.DriftedShare);

        // Bonferroni: (0.004, 0.12, 0.16, 1) → only the first.
        Assert.Equal([true, false, false, false], bonferroni.FeatureDrifted);
        Assert.False(bonferroni.Drifted);

        // BH: sorted (0.001, 0.03, 0.04, 0.5) → (0.004, 0.06, 0.0533, 0.5) → step-up (0.004, 0.0533, 0.0533, 0.5).
        Assert.Equal([true, false, false, false], bh.FeatureDrifted);
        Assert.Equal(0.16 / 3, bh.AdjustedPValues[1]!.Value, 12);
    }

    [Fact]
    public void Evaluate_DistanceFeaturesKeepTheirDecision()
    {
        var psi = PopulationStabilityIndex.Compute([50, 50], [10, 90]);

        var result = DatasetDrift.Evaluate([psi, Test(0.2)], 0.5, PValueCorrection.Bonferroni);

        Assert.Equal([true, false], result.FeatureDrifted);
        Assert.Null(result.AdjustedPValues[0]);
        Assert.True(result.Drifted);
    }

    private static DatasetDriftResult DriftDrift(DriftResult[] features, PValueCorrection correction) =>
        DatasetDrift.Evaluate(features, 0.5, correction);
}
