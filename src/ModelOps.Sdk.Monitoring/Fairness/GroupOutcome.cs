namespace ModelOps.Sdk.Monitoring.Fairness;

/// <summary>The decision and label counts of one group; adding two instances' counts gives the counts of all their rows.</summary>
/// <param name="Group">The group.</param>
/// <param name="Count">The number of decisions.</param>
/// <param name="Selected">The number of positive (favourable) decisions.</param>
/// <param name="ActualPositives">The number of labelled rows whose label is positive.</param>
/// <param name="TruePositives">The number of labelled positive rows that were selected.</param>
/// <param name="ActualNegatives">The number of labelled rows whose label is negative.</param>
/// <param name="FalsePositives">The number of labelled negative rows that were selected.</param>
public readonly record struct GroupOutcome(
    FairnessGroup Group,
    long Count,
    long Selected,
    long ActualPositives,
    long TruePositives,
    long ActualNegatives,
    long FalsePositives)
{
    /// <summary>Returns the element-wise sum of two counts of the same group.</summary>
    /// <param name="other">The other counts.</param>
    /// <returns>The merged counts.</returns>
    /// <exception cref="InvalidMonitoringInputException">The groups differ.</exception>
    public GroupOutcome Add(GroupOutcome other)
    {
        if (other.Group != Group)
        {
            throw new InvalidMonitoringInputException(nameof(other), $"cannot add the counts of group '{other.Group}' to group '{Group}'");
        }

        return new GroupOutcome(
            Group,
            checked(Count + other.Count),
            checked(Selected + other.Selected),
            checked(ActualPositives + other.ActualPositives),
            checked(TruePositives + other.TruePositives),
            checked(ActualNegatives + other.ActualNegatives),
            checked(FalsePositives + other.FalsePositives));
    }
}
