namespace ModelOps.Sdk.Monitoring.Fairness;

/// <summary>One fairness measure across groups: a number, or the reason there is none.</summary>
public sealed record FairnessMeasure
{
    /// <summary>Gets the value, or <see langword="null"/> when fewer than two groups had enough rows.</summary>
    public double? Value { get; init; }

    /// <summary>Gets a value indicating whether the measure could not be computed from enough rows.</summary>
    public bool Insufficient => Value is null;

    /// <summary>Gets why the measure is missing, or <see langword="null"/>.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the number of groups with enough rows that took part.</summary>
    public int GroupsCompared { get; init; }

    /// <summary>Gets the group with the largest rate, or <see langword="null"/>.</summary>
    public FairnessGroup? HighestGroup { get; init; }

    /// <summary>Gets the group with the smallest rate, or <see langword="null"/>.</summary>
    public FairnessGroup? LowestGroup { get; init; }
}
