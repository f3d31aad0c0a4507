namespace ModelOps.Sdk.Governance.Policies;

/// <summary>The policy that applies to a model (or the registry-wide default), and where it comes from.</summary>
/// <param name="ModelName">The model asked about, or <see langword="null"/> for the default.</param>
/// <param name="Source">Where the policy comes from.</param>
/// <param name="Policy">The policy as gate evaluation and approval use it (DI-registered gates apply in addition).</param>
/// <param name="Document">The stored document, for the stored sources; <see langword="null"/> for configured policies (their gates are objects in code).</param>
/// <param name="StoredRevision">The registry document holding it (revision, who stored it, when, its SHA-256), for the stored sources.</param>
public sealed record EffectivePromotionPolicy(
    string? ModelName,
    PromotionPolicySource Source,
    PromotionPolicy Policy,
    PromotionPolicyDocument? Document,
    ModelDocument? StoredRevision);
