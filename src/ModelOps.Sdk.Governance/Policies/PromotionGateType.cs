using ModelOps.Sdk.Governance.Gates;

namespace ModelOps.Sdk.Governance.Policies;

/// <summary>
/// A named kind of gate that policy documents can use: its name (the <c>type</c> of a <see cref="GateSpecification"/>) and the
/// factory that builds the gate from the specification's parameters. The nine built-in types are in <see cref="BuiltInGateTypes"/>;
/// add your own with <c>builder.AddPromotionGateType("name", p =&gt; new MyGate(p.GetDouble("limit")))</c>.
/// </summary>
public sealed class PromotionGateType
{
    /// <summary>Initializes a new instance of the <see cref="PromotionGateType"/> class.</summary>
    /// <param name="name">The type's name, for example <c>vendor-score</c>. Matching ignores case, <c>-</c>, <c>_</c> and a trailing <c>gate</c>.</param>
    /// <param name="factory">
    /// Builds the gate. It reads parameters through <see cref="GateParameters"/> and may throw <see cref="ArgumentException"/>
    /// (with the parameter's name as <see cref="ArgumentException.ParamName"/>) for a bad value; parameters it never asks for are
    /// reported as unknown.
    /// </param>
    public PromotionGateType(string name, Func<GateParameters, IPromotionGate> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        if (Normalize(name).Length == 0)
        {
            throw new ArgumentException($"The gate type name '{name}' has no letters or digits.", nameof(name));
        }

        Name = name;
        Factory = factory;
    }

    /// <summary>Gets the type's name.</summary>
    public string Name { get; }

    /// <summary>Gets the factory that builds a gate of this type.</summary>
    public Func<GateParameters, IPromotionGate> Factory { get; }

    /// <summary>The key type names are matched by: lower case, without <c>-</c> and <c>_</c>, without a trailing <c>gate</c>.</summary>
    internal static string Normalize(string name)
    {
        var key = name.Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal).Trim().ToLowerInvariant();
        return key.Length > 4 && key.EndsWith("gate", StringComparison.Ordinal) ? key[..^4] : key;
    }
}
