namespace ModelOps.Sdk.Routing.Experiments;

/// <summary>
/// A condition on a field of the typed input that decides whether a call enters the experiment (for example only region EU).
/// Calls that fail any rule are answered by the champion and are not enrolled.
/// </summary>
/// <remarks>
/// Rules are data, so they are stored with the definition; they are compiled to a delegate against the input type once, when a
/// routed scorer is created, which reports every unknown field, unsupported type or unparsable value at once. A null field
/// fails every operator except <see cref="TargetingOperator.NotIn"/>.
/// </remarks>
/// <param name="Field">The input's property name (matched ignoring case).</param>
/// <param name="Operator">The comparison.</param>
/// <param name="Values">The values, written invariantly (<c>"EU"</c>, <c>"0.5"</c>, <c>"true"</c>); comparisons take exactly one.</param>
public sealed record TargetingRule(string Field, TargetingOperator Operator, IReadOnlyList<string> Values)
{
    /// <summary>Describes the rule for messages, for example <c>region In [EU, UK]</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"{Field} {Operator} [{string.Join(", ", Values ?? [])}]";
}
