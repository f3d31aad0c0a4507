namespace ModelOps.Sdk.Monitoring.Drift;

/// <summary>Decides whether a dataset drifted from its features' drift results.</summary>
/// <remarks>
/// As Evidently's <c>DatasetDriftMetric</c>: the dataset drifted when the share of drifted features is at least the threshold
/// (default 0.5). When p-values decide, testing many features at once inflates false alarms, so the p-values of the features
/// decided by tests can be corrected together (<see cref="PValueCorrection"/>); each is then compared with its own feature's
/// significance level. Features decided by a distance keep their decision. Thread-safe.
/// </remarks>
public static class DatasetDrift
{
    /// <summary>The default share of drifted features at which a dataset has drifted (Evidently's <c>drift_share</c>). The default value is 0.5.</summary>
    public const double DefaultShareThreshold = 0.5;

    /// <summary>Evaluates dataset drift.</summary>
    /// <param name="features">The drift result of every feature (and of the predictions, if they should count).</param>
    /// <param name="shareThreshold">The share of drifted features, in (0, 1], at which the dataset has drifted.</param>
    /// <param name="correction">The correction for the features decided by p-values.</param>
    /// <returns>The per-feature decisions after correction and the dataset decision.</returns>
    /// <exception cref="InvalidMonitoringInputException">There are no features, one is null, or the threshold is outside (0, 1].</exception>
    public static DatasetDriftResult Evaluate(IReadOnlyList<DriftResult> features, double shareThreshold = DefaultShareThreshold, PValueCorrection correction = PValueCorrection.None)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Count == 0)
        {
            throw new InvalidMonitoringInputException(nameof(features), "there are no features to evaluate");
        }

        if (!(shareThreshold > 0 && shareThreshold <= 1))
        {
            throw new InvalidMonitoringInputException(nameof(shareThreshold), $"must be in (0, 1], not {shareThreshold}");
        }

        var tested = new List<int>();
        for (var i = 0; i < features.Count; i++)
        {
            if (features[i] is null)
            {
                throw new InvalidMonitoringInputException(nameof(features), $"feature {i} is null");
            }

            if (features[i].DecisionRule == DriftDecisionRule.PValueBelowThreshold && features[i].PValue is not null)
            {
                tested.Add(i);
            }
        }

        var raw = tested.Select(i => features[i].PValue!.Value).ToArray();
        var corrected = correction switch
        {
            PValueCorrection.Bonferroni => MultipleTesting.BonferroniAdjusted(raw),
            PValueCorrection.BenjaminiHochberg => MultipleTesting.BenjaminiHochbergAdjusted(raw),
            _ => raw,
        };

        var adjusted = new double?[features.Count];
        var drifted = new bool[features.Count];
        for (var i = 0; i < features.Count; i++)
        {
            drifted[i] = features[i].Drifted;
        }

        for (var k = 0; k < tested.Count; k++)
        {
            var i = tested[k];
            adjusted[i] = corrected[k];
            drifted[i] = corrected[k] < features[i].Threshold;
        }

        var count = drifted.Count(d => d);
        var share = (double)count / features.Count;
        return new DatasetDriftResult
        {
            FeatureCount = features.Count,
            DriftedCount = count,
            DriftedShare = share,
            ShareThreshold = shareThreshold,
            Drifted = share >= shareThreshold,
            Correction = correction,
            FeatureDrifted = drifted,
            AdjustedPValues = adjusted,
        };
    }
}
