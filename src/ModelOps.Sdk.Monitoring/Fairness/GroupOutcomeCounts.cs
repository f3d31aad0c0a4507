namespace ModelOps.Sdk.Monitoring.Fairness;

/// <summary>
/// Per-group counts of decisions, selections and (when labels arrive) true and false positives: the sufficient statistics of
/// every fairness measure here. Mergeable: merging the counts of two service instances gives the counts one instance would have
/// built from all the rows, so a fleet can be checked without moving raw data.
/// </summary>
/// <remarks>
/// Not thread-safe: guard with a lock, or keep one instance per thread and <see cref="Merge"/> them. Memory grows with the number
/// of groups, never with rows. Serialize through <see cref="Groups"/> and rebuild with the constructor that takes them.
/// </remarks>
public sealed class GroupOutcomeCounts
{
    private readonly Dictionary<FairnessGroup, GroupOutcome> _groups = [];

    /// <summary>Initializes a new, empty instance of the <see cref="GroupOutcomeCounts"/> class.</summary>
    public GroupOutcomeCounts()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="GroupOutcomeCounts"/> class from saved counts (for example deserialized).</summary>
    /// <param name="groups">The counts; a group listed twice is added up.</param>
    /// <exception cref="InvalidMonitoringInputException">A count is negative or inconsistent (more selected than decided, more true
    /// positives than positives, …). Labelled rows may outnumber decisions: a label can be counted in a later window than its
    /// decision (<see cref="AddLabel"/>).</exception>
    public GroupOutcomeCounts(IEnumerable<GroupOutcome> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        foreach (var outcome in groups)
        {
            Validate(outcome);
            Accumulate(outcome);
        }
    }

    /// <summary>Gets the counts of every group seen, ordered by group name.</summary>
    public IReadOnlyList<GroupOutcome> Groups =>
        [.. _groups.Values.OrderBy(g => g.Group.Value, StringComparer.Ordinal).ThenBy(g => g.Group.SecondValue, StringComparer.Ordinal)];

    /// <summary>Records one decision without a label.</summary>
    /// <param name="group">The row's group.</param>
    /// <param name="selected">Whether the decision was positive (favourable).</param>
    public void Add(FairnessGroup group, bool selected) =>
        Accumulate(new GroupOutcome(Checked(group), 1, selected ? 1 : 0, 0, 0, 0, 0));

    /// <summary>Records one decision whose true label is known.</summary>
    /// <param name="group">The row's group.</param>
    /// <param name="selected">Whether the decision was positive (favourable).</param>
    /// <param name="actualPositive">Whether the true label is positive.</param>
    public void Add(FairnessGroup group, bool selected, bool actualPositive) =>
        Accumulate(new GroupOutcome(
            Checked(group),
            1,
            selected ? 1 : 0,
            actualPositive ? 1 : 0,
            actualPositive && selected ? 1 : 0,
            actualPositive ? 0 : 1,
            !actualPositive && selected ? 1 : 0));

    /// <summary>Records the label of a decision counted earlier with <see cref="Add(FairnessGroup, bool)"/> (perhaps in another
    /// window): the label counts change, the decision count does not.</summary>
    /// <param name="group">The row's group.</param>
    /// <param name="selected">Whether the decision was positive (favourable).</param>
    /// <param name="actualPositive">Whether the true label is positive.</param>
    public void AddLabel(FairnessGroup group, bool selected, bool actualPositive) =>
        Accumulate(new GroupOutcome(
            Checked(group),
            0,
            0,
            actualPositive ? 1 : 0,
            actualPositive && selected ? 1 : 0,
            actualPositive ? 0 : 1,
            !actualPositive && selected ? 1 : 0));

    /// <summary>Adds another instance's counts into this one.</summary>
    /// <param name="other">The counts to add; not modified.</param>
    public void Merge(GroupOutcomeCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var outcome in other._groups.Values)
        {
            Accumulate(outcome);
        }
    }

    private static FairnessGroup Checked(FairnessGroup group)
    {
        if (group.Value is null)
        {
            throw new InvalidMonitoringInputException(nameof(group), "the group has no value");
        }

        return group;
    }

    private static void Validate(GroupOutcome o)
    {
        var consistent = o.Group.Value is not null && o.Count >= 0 && o.Selected >= 0 && o.Selected <= o.Count
            && o.TruePositives >= 0 && o.TruePositives <= o.ActualPositives && o.FalsePositives >= 0 && o.FalsePositives <= o.ActualNegatives
            && o.ActualPositives >= 0 && o.ActualNegatives >= 0;
        if (!consistent)
        {
            throw new InvalidMonitoringInputException("groups", $"the counts of group '{o.Group}' are negative or inconsistent: {o}");
        }
    }

    private void Accumulate(GroupOutcome outcome) =>
        _groups[outcome.Group] = _groups.TryGetValue(outcome.Group, out var existing) ? existing.Add(outcome) : outcome;
}
