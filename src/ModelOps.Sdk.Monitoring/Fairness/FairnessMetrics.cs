namespace ModelOps.Sdk.Monitoring.Fairness;

/// <summary>Computes group fairness measures from <see cref="GroupOutcomeCounts"/>.</summary>
/// <remarks>
/// Both conventions are reported. Fairlearn's (<c>fairlearn.metrics</c>, <c>method='between_groups'</c>): the difference between
/// the largest and smallest group rate, and the ratio of the smallest to the largest. AIF360's (<c>ClassificationMetric</c>):
/// signed differences and ratios of each unprivileged group against a privileged group. Rates whose denominator is below
/// <see cref="FairnessOptions.MinimumGroupSize"/> are marked insufficient and left out, so a tiny group cannot produce a
/// dramatic but meaningless gap. Thread-safe for distinct counts.
/// </remarks>
public static class FairnessMetrics
{
    /// <summary>Computes the report.</summary>
    /// <param name="counts">The per-group counts.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <returns>The fairness report.</returns>
    /// <exception cref="InvalidMonitoringInputException">An option is out of range, or the privileged group has no counts.</exception>
    public static FairnessReport Compute(GroupOutcomeCounts counts, FairnessOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(counts);
        options ??= new FairnessOptions();
        if (options.MinimumGroupSize < 1)
        {
            throw new InvalidMonitoringInputException(nameof(FairnessOptions.MinimumGroupSize), $"must be at least 1, not {options.MinimumGroupSize}");
        }

        if (!(options.DisparateImpactThreshold > 0 && options.DisparateImpactThreshold <= 1))
        {
            throw new InvalidMonitoringInputException(nameof(FairnessOptions.DisparateImpactThreshold), $"must be in (0, 1], not {options.DisparateImpactThreshold}");
        }

        var min = options.MinimumGroupSize;
        var groups = counts.Groups.Select(o => new GroupFairness
        {
            Group = o.Group,
            Counts = o,
            SelectionRate = Rate(o.Selected, o.Count, min),
            TruePositiveRate = Rate(o.TruePositives, o.ActualPositives, min),
            FalsePositiveRate = Rate(o.FalsePositives, o.ActualNegatives, min),
        }).ToList();

        var selection = Range(groups, g => g.SelectionRate, "selection rate", min);
        var tpr = Range(groups, g => g.TruePositiveRate, "true positive rate", min);
        var fpr = Range(groups, g => g.FalsePositiveRate, "false positive rate", min);

        var comparisons = new List<PrivilegedComparison>();
        if (options.PrivilegedGroup is { } privilegedGroup)
        {
            var privileged = groups.Find(g => g.Group == privilegedGroup)
                ?? throw new InvalidMonitoringInputException(nameof(FairnessOptions.PrivilegedGroup), $"no decisions were counted for the privileged group '{privilegedGroup}'");
            foreach (var g in groups.Where(g => g.Group != privilegedGroup))
            {
                var impact = g.SelectionRate is { } su && privileged.SelectionRate is { } sp && sp > 0 ? su / sp : (double?)null;
                comparisons.Add(new PrivilegedComparison
                {
                    Group = g.Group,
                    StatisticalParityDifference = g.SelectionRate - privileged.SelectionRate,
                    DisparateImpact = impact,
                    PassesFourFifthsRule = impact is null ? null : impact >= options.DisparateImpactThreshold,
                    EqualOpportunityDifference = g.TruePositiveRate - privileged.TruePositiveRate,
                    FalsePositiveRateDifference = g.FalsePositiveRate - privileged.FalsePositiveRate,
                    AverageOddsDifference = (g.FalsePositiveRate - privileged.FalsePositiveRate + g.TruePositiveRate - privileged.TruePositiveRate) / 2,
                });
            }
        }

        return new FairnessReport
        {
            Groups = groups,
            MinimumGroupSize = min,
            PrivilegedGroup = options.PrivilegedGroup,
            DemographicParityDifference = selection.Difference,
            DemographicParityRatio = selection.Ratio,
            EqualOpportunityDifference = tpr.Difference,
            EqualizedOddsDifference = EqualizedOdds(tpr.Difference, fpr.Difference),
            ComparisonsWithPrivileged = comparisons,
        };
    }

    private static double? Rate(long numerator, long denominator, int minimum) =>
        denominator >= minimum ? (double)numerator / denominator : null;

    private static (FairnessMeasure Difference, FairnessMeasure Ratio) Range(List<GroupFairness> groups, Func<GroupFairness, double?> rate, string name, int minimum)
    {
        var usable = groups.Where(g => rate(g) is not null).ToList();
        if (usable.Count < 2)
        {
            var reason = $"fewer than two groups have at least {minimum} rows for the {name} ({usable.Count} of {groups.Count})";
            var missing = new FairnessMeasure { Reason = reason, GroupsCompared = usable.Count };
            return (missing, missing);
        }

        var highest = usable.MaxBy(g => rate(g)!.Value)!;
        var lowest = usable.MinBy(g => rate(g)!.Value)!;
        double max = rate(highest)!.Value, low = rate(lowest)!.Value;
        var difference = new FairnessMeasure { Value = max - low, GroupsCompared = usable.Count, HighestGroup = highest.Group, LowestGroup = lowest.Group };

        // Fairlearn's ratio is min/max; 0/0 (no group selected at all) is parity, reported as 1.
        var ratio = difference with { Value = max > 0 ? low / max : 1.0 };
        return (difference, ratio);
    }

    private static FairnessMeasure EqualizedOdds(FairnessMeasure tpr, FairnessMeasure fpr)
    {
        if (tpr.Value is null || fpr.Value is null)
        {
            return new FairnessMeasure { Reason = tpr.Reason ?? fpr.Reason, GroupsCompared = Math.Min(tpr.GroupsCompared, fpr.GroupsCompared) };
        }

        return tpr.Value >= fpr.Value ? tpr : fpr;
    }
}
