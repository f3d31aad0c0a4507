namespace ModelOps.Sdk;

/// <summary>
/// The input and output schema of a model version, captured when it is registered and immutable afterwards.
/// </summary>
/// <param name="Inputs">The fields the model reads.</param>
/// <param name="Outputs">The fields the model produces.</param>
public sealed record ModelSignature(IReadOnlyList<SignatureField> Inputs, IReadOnlyList<SignatureField> Outputs)
{
    /// <summary>Gets a signature with no inputs and no outputs.</summary>
    public static ModelSignature Empty { get; } = new([], []);
}
