namespace ModelOps.Sdk.Monitoring.Drift;

/// <summary>How a <see cref="DriftResult"/> compares its <see cref="DriftResult.Score"/> with its <see cref="DriftResult.Threshold"/>.</summary>
public enum DriftDecisionRule
{
    /// <summary>A statistical test: drift when the p-value is below the significance level (Evidently's convention for tests).</summary>
    PValueBelowThreshold,

    /// <summary>A distance or index: drift when it is at least the threshold (Evidently's convention for distances).</summary>
    ScoreAtLeastThreshold,
}
