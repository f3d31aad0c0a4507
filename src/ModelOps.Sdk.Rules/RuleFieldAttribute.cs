namespace ModelOps.Sdk.Rules;

/// <summary>
/// Binds a property of an input or output type to a rule-set field whose name differs from the property's.
/// </summary>
/// <remarks>
/// Without the attribute a property binds to the field of the same name, ignoring case. With it, only <see cref="Name"/> is
/// considered (also ignoring case).
/// </remarks>
/// <example>
/// <code>
/// public sealed class Applicant
/// {
///     [RuleField("income")]
///     public decimal AnnualIncome { get; init; }
/// }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class RuleFieldAttribute : Attribute
{
    /// <summary>Initializes a new instance of the <see cref="RuleFieldAttribute"/> class.</summary>
    /// <param name="name">The field's name in the rule set.</param>
    public RuleFieldAttribute(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>Gets the field's name in the rule set.</summary>
    public string Name { get; }
}
