namespace ModelOps.Sdk.Governance.Policies;

/// <summary>One stored revision of a model's policy or of the registry-wide default.</summary>
/// <param name="Document">The registry document (revision number, who stored it, when, its SHA-256).</param>
/// <param name="Policy">The policy as stored.</param>
/// <param name="Reason">The reason given when it was stored, from its audit entry.</param>
public sealed record PromotionPolicyRevision(ModelDocument Document, PromotionPolicyDocument Policy, string? Reason);
