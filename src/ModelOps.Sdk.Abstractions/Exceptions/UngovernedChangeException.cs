using ModelOps.Sdk.Security;

namespace ModelOps.Sdk;

/// <summary>
/// Thrown when a registry that enforces no governance (no <see cref="IStoredPolicyEnforcer"/> among its guards, for example a host
/// built without <c>AddGovernance</c>) is asked for a change a policy stored in the registry governs: moving, rolling back or
/// deleting an alias the policy protects, approving a version of a model the policy governs, storing a policy, or purging a
/// version or a document (purging needs a role, which only governance checks). The refusal is
/// audited like any other (<c>operation.refused</c>, rule <see cref="RuleName"/>); nothing else was changed.
/// </summary>
/// <remarks>Make the change from a process that enforces the stored policy (a host with governance, or the <c>modelops</c> tool).</remarks>
public sealed class UngovernedChangeException : OperationRefusedException
{
    /// <summary>The <see cref="OperationRefusedException.Rule"/> of this refusal.</summary>
    public const string RuleName = "stored-policy-not-enforced";

    /// <summary>Initializes a new instance of the <see cref="UngovernedChangeException"/> class.</summary>
    /// <param name="operation">The refused change.</param>
    /// <param name="modelName">The model it concerns, or <see langword="null"/> for the registry.</param>
    /// <param name="alias">The alias it concerns, if any.</param>
    /// <param name="policyModelName">The model the governing policy is stored for, or <see langword="null"/> for the registry-wide policy.</param>
    /// <param name="policyRevision">The governing policy's revision, or <see langword="null"/> when the change would store a policy.</param>
    /// <param name="message">What was refused and why, naming the policy.</param>
    /// <param name="innerException">Why the policy could not be read, when that is the reason.</param>
    public UngovernedChangeException(
        RegistryOperationKind operation,
        string? modelName,
        string? alias,
        string? policyModelName,
        int? policyRevision,
        string message,
        Exception? innerException = null)
        : base(operation, RuleName, message, innerException)
    {
        ModelName = modelName;
        Alias = alias;
        PolicyModelName = policyModelName;
        PolicyRevision = policyRevision;
    }

    /// <summary>Gets the model the change concerns, or <see langword="null"/> for the registry.</summary>
    public string? ModelName { get; }

    /// <summary>Gets the alias the change concerns, if any.</summary>
    public string? Alias { get; }

    /// <summary>Gets the model the governing policy is stored for, or <see langword="null"/> for the registry-wide policy.</summary>
    public string? PolicyModelName { get; }

    /// <summary>Gets the governing policy's stored revision, or <see langword="null"/> when the refused change would store a policy.</summary>
    public int? PolicyRevision { get; }
}
