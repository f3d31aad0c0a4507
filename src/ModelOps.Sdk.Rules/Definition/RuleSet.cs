namespace ModelOps.Sdk.Rules.Definition;

/// <summary>The type of an input or output field, as the JSON format names it.</summary>
internal enum FieldType
{
    Number,
    Integer,
    String,
    Boolean,
}

/// <summary>How a decision table combines the rules that match (DMN 1.3, section 8.2.11).</summary>
internal enum HitPolicy
{
    First,
    Unique,
    Priority,
    Collect,
}

/// <summary>The aggregation of a <see cref="HitPolicy.Collect"/> table.</summary>
internal enum Aggregation
{
    None,
    Sum,
    Min,
    Max,
    Count,
}

/// <summary>The test a condition applies to one input value.</summary>
internal enum ConditionOperator
{
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Equal,
    NotEqual,
    Range,
    In,
    NotIn,
    IsNull,
    IsNotNull,
}

/// <summary>A declared input.</summary>
/// <param name="Name">The field's name.</param>
/// <param name="Type">The field's type.</param>
/// <param name="Nullable">Whether the value may be null (or NaN, for a number); a null matches only <c>is null</c>.</param>
/// <param name="Required">Whether the input type must have a property for it; an absent optional field reads as null.</param>
internal sealed record InputField(string Name, FieldType Type, bool Nullable, bool Required);

/// <summary>A declared output.</summary>
/// <param name="Name">The field's name.</param>
/// <param name="Type">The field's type.</param>
/// <param name="Priority">The values in decreasing priority, for the PRIORITY hit policy; <see langword="null"/> when not given.</param>
internal sealed record OutputField(string Name, FieldType Type, IReadOnlyList<object>? Priority);

/// <summary>One test of one input. Values are <see cref="double"/>, <see cref="long"/>, <see cref="string"/> or <see cref="bool"/>.</summary>
/// <param name="InputIndex">The input tested.</param>
/// <param name="Operator">The test.</param>
/// <param name="Value">The comparand, or the range's lower bound.</param>
/// <param name="Max">The range's upper bound.</param>
/// <param name="MinClosed">Whether the range includes its lower bound.</param>
/// <param name="MaxClosed">Whether the range includes its upper bound.</param>
/// <param name="Set">The values of <c>in</c> and <c>not in</c>.</param>
internal sealed record Condition(
    int InputIndex,
    ConditionOperator Operator,
    object? Value = null,
    object? Max = null,
    bool MinClosed = true,
    bool MaxClosed = true,
    IReadOnlyList<object>? Set = null);

/// <summary>One rule: all its conditions must hold for it to match.</summary>
/// <param name="Id">The rule's id, unique in the table.</param>
/// <param name="Conditions">The conditions; an input without one matches anything.</param>
/// <param name="Outputs">The output values, by output index.</param>
/// <param name="Description">The rule's description, the annotation an explanation shows; <see langword="null"/> when it has none.</param>
internal sealed record Rule(string Id, IReadOnlyList<Condition> Conditions, IReadOnlyList<object> Outputs, string? Description = null);

/// <summary>A parsed and type-checked rule set.</summary>
/// <param name="FormatVersion">The format version it was written in.</param>
/// <param name="Name">Its optional name.</param>
/// <param name="HitPolicy">How matches are combined.</param>
/// <param name="Aggregation">The COLLECT aggregation.</param>
/// <param name="Inputs">The inputs.</param>
/// <param name="Outputs">The outputs.</param>
/// <param name="Rules">The rules, in table order.</param>
/// <param name="Default">The output values when no rule matches, by output index; <see langword="null"/> when not given.</param>
internal sealed record RuleSet(
    int FormatVersion,
    string? Name,
    HitPolicy HitPolicy,
    Aggregation Aggregation,
    IReadOnlyList<InputField> Inputs,
    IReadOnlyList<OutputField> Outputs,
    IReadOnlyList<Rule> Rules,
    IReadOnlyList<object>? Default);

/// <summary>One problem found while checking a rule set.</summary>
/// <param name="Part">Where: for example <c>rule 'r7' field 'income'</c>.</param>
/// <param name="Problem">What is wrong.</param>
internal sealed record RuleSetError(string? Part, string Problem);
