namespace ModelOps.Sdk.Security;

/// <summary>
/// A guard that enforces the policies stored in the registry (their approvals, gates and <see cref="StoredAliasPolicy"/> alias
/// rules). The governance package's guard is one.
/// </summary>
/// <remarks>
/// When the registry's guards include none, the registry fails closed on everything a stored policy governs: it refuses, with
/// <see cref="UngovernedChangeException"/>, to move, roll back or delete a protected alias, to approve a version of a model a stored
/// policy governs, and to store a policy; and it marks each of its other writes to a governed model (or to the registry once a
/// registry-wide policy is stored) as ungoverned in the audit entry (<see cref="Audit.AuditEntry.Ungoverned"/>). A registry without
/// any stored policy is not affected.
/// </remarks>
public interface IStoredPolicyEnforcer : IRegistryOperationGuard
{
}
