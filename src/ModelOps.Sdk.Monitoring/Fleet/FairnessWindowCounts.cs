using ModelOps.Sdk.Monitoring.Fairness;

namespace ModelOps.Sdk.Monitoring.Fleet;

/// <summary>
/// The per-group decision and label counts of one protected attribute (or intersection) in one window, with the options its
/// measures are computed with: the mergeable form of a window's <see cref="FairnessReport"/>. Adding the counts of several
/// instances' windows and computing the measures gives exactly what one instance that saw every decision would report.
/// </summary>
public sealed record FairnessWindowCounts
{
    /// <summary>Gets the protected attribute, or intersection (<c>first &amp; second</c>).</summary>
    public required string Attribute { get; init; }

    /// <summary>Gets the counts of every group seen in the window.</summary>
    public required IReadOnlyList<GroupOutcome> Groups { get; init; }

    /// <summary>Gets the configured privileged group of the signed comparisons, or <see langword="null"/>.</summary>
    public FairnessGroup? PrivilegedGroup { get; init; }

    /// <summary>Gets the fewest rows a rate's denominator needs (<see cref="FairnessOptions.MinimumGroupSize"/>).</summary>
    public int MinimumGroupSize { get; init; } = new FairnessOptions().MinimumGroupSize;

    /// <summary>Gets the four-fifths rule's ratio (<see cref="FairnessOptions.DisparateImpactThreshold"/>).</summary>
    public double DisparateImpactThreshold { get; init; } = new FairnessOptions().DisparateImpactThreshold;

    /// <summary>Adds the counts of the same attribute from another window (another instance's, or the same period's next one).</summary>
    /// <param name="other">The other window's counts, of the same attribute.</param>
    /// <returns>The summed counts, with this window's options.</returns>
    /// <exception cref="InvalidMonitoringInputException">The attributes differ.</exception>
    public FairnessWindowCounts Add(FairnessWindowCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!string.Equals(other.Attribute, Attribute, StringComparison.Ordinal))
        {
            throw new InvalidMonitoringInputException(nameof(other), $"cannot add the fairness counts of attribute '{other.Attribute}' to attribute '{Attribute}'");
        }

        var sum = new GroupOutcomeCounts(Groups);
        sum.Merge(new GroupOutcomeCounts(other.Groups));
        return this with { Groups = sum.Groups };
    }

    /// <summary>
    /// Computes the fairness report of these counts with <see cref="FairnessMetrics.Compute"/>, as
    /// <see cref="FairnessMonitor{TInput, TOutput}.CloseWindow"/> does: without a decision of the privileged group, the signed
    /// comparisons are left out and the other measures reported.
    /// </summary>
    /// <returns>The report, naming <see cref="Attribute"/>.</returns>
    public FairnessReport ToReport()
    {
        var counts = new GroupOutcomeCounts(Groups);
        var privileged = PrivilegedGroup is { } p && counts.Groups.Any(o => o.Group == p) ? PrivilegedGroup : null;
        var options = new FairnessOptions { PrivilegedGroup = privileged, MinimumGroupSize = MinimumGroupSize, DisparateImpactThreshold = DisparateImpactThreshold };
        return FairnessMetrics.Compute(counts, options) with { Attribute = Attribute };
    }
}
