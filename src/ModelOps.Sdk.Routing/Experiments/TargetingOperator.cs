namespace ModelOps.Sdk.Routing.Experiments;

/// <summary>
/// How a <see cref="TargetingRule"/> compares an input field with its values.
/// </summary>
public enum TargetingOperator
{
    /// <summary>The field equals one of the values (strings compare ordinally, ignoring case; enums by name).</summary>
    In = 0,

    /// <summary>The field equals none of the values; a null field counts as not in the set.</summary>
    NotIn = 1,

    /// <summary>The numeric field is greater than the single value.</summary>
    GreaterThan = 2,

    /// <summary>The numeric field is greater than or equal to the single value.</summary>
    GreaterThanOrEqual = 3,

    /// <summary>The numeric field is less than the single value.</summary>
    LessThan = 4,

    /// <summary>The numeric field is less than or equal to the single value.</summary>
    LessThanOrEqual = 5,
}
