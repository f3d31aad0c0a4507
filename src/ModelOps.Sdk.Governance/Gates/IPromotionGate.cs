namespace ModelOps.Sdk.Governance.Gates;

/// <summary>
/// One check a version must pass before approval. Built-in gates cover metrics, the comparison with the champion and signature
/// compatibility; a custom gate implements this interface and is added to a <see cref="Policies.PromotionPolicy"/> or registered
/// through DI with <c>AddPromotionGate</c> (then it applies to every model).
/// </summary>
/// <remarks>Gates are shared and must be thread-safe. A gate reads evidence through <see cref="GateContext.Registry"/>.</remarks>
public interface IPromotionGate
{
    /// <summary>Gets the gate's name, unique within a policy; overrides and reports refer to it.</summary>
    string Name { get; }

    /// <summary>Evaluates the gate for one version.</summary>
    /// <param name="context">The candidate version, the current champion and the registry.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>Whether the version passed, with the figures, threshold and reason.</returns>
    ValueTask<GateResult> EvaluateAsync(GateContext context, CancellationToken cancellationToken);
}
