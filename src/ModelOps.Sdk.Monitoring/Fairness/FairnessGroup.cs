namespace ModelOps.Sdk.Monitoring.Fairness;

/// <summary>
/// A group of rows sharing the value of a protected attribute, or, when <see cref="SecondValue"/> is set, the intersection of the
/// values of two attributes (for example "female" and "over 60").
/// </summary>
/// <param name="Value">The value of the (first) protected attribute.</param>
/// <param name="SecondValue">The value of the second attribute for an intersection, or <see langword="null"/>.</param>
public readonly record struct FairnessGroup(string Value, string? SecondValue = null)
{
    /// <summary>Returns "value" or "value &amp; second value".</summary>
    /// <returns>The group's display name.</returns>
    public override string ToString() => SecondValue is null ? Value : $"{Value} & {SecondValue}";
}
