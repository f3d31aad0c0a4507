namespace ModelOps.Sdk.Rules.Compilation;

/// <summary>
/// An input given as values rather than as a CLR type's properties (JSON scoring): one slot per declared input, in table order,
/// holding the field's canonical value boxed (<see cref="double"/>, <see cref="long"/>, <see cref="string"/> or <see cref="bool"/>)
/// or <see langword="null"/>. <see cref="DecisionCompiler{TInput}"/> reads the slots instead of properties.
/// </summary>
/// <param name="values">The values, by input index.</param>
internal sealed class RuleRow(object?[] values)
{
    public object?[] Values { get; } = values;
}
