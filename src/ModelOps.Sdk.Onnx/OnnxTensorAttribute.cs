namespace ModelOps.Sdk.Onnx;

/// <summary>
/// Maps a property or field of an input or output type to the graph input or output with the given name, instead of the
/// member's own name.
/// </summary>
/// <example>
/// <code>
/// public sealed class CreditInput
/// {
///     [OnnxTensor("income_eur")]
///     public float Income { get; set; }
/// }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false, Inherited = true)]
public sealed class OnnxTensorAttribute : Attribute
{
    /// <summary>Initializes a new instance of the <see cref="OnnxTensorAttribute"/> class.</summary>
    /// <param name="name">The graph input or output name, matched case-insensitively.</param>
    public OnnxTensorAttribute(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>Gets the graph input or output name.</summary>
    public string Name { get; }
}
