namespace ModelOps.Sdk.Audit;

/// <summary>
/// Names of audit chains. There is one chain per model, named after the model, and one for registry-level changes.
/// </summary>
public static class AuditScopes
{
    /// <summary>The chain of registry-level changes (registry documents such as policies and experiment definitions).</summary>
    /// <remarks>Model names cannot start with <c>$</c>, so this never collides with a model's chain.</remarks>
    public const string Registry = "$registry";
}
