namespace ModelOps.Sdk.Rules;

/// <summary>
/// Marks a property of an output type that receives the id of the rule that decided, so a caller can tell which rule fired
/// (and whether any did).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><description>
/// With <c>FIRST</c>, <c>UNIQUE</c> and <c>PRIORITY</c> the property must accept a <see cref="string"/>: it holds the matching
/// rule's id, or <see langword="null"/> when no rule matched (whether or not the table has a default).
/// </description></item>
/// <item><description>
/// With <c>COLLECT</c> it must accept a <see cref="string"/> array (for example <c>IReadOnlyList&lt;string&gt;</c>): the ids of
/// every matching rule in table order, empty when none matched.
/// </description></item>
/// </list>
/// </remarks>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class RuleIdAttribute : Attribute
{
}
