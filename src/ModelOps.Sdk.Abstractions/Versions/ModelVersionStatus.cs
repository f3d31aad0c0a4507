namespace ModelOps.Sdk;

/// <summary>
/// The lifecycle status of a model version.
/// </summary>
/// <remarks>
/// Allowed transitions (anything else throws <see cref="LifecycleTransitionException"/>):
/// <list type="bullet">
/// <item><description><see cref="PendingApproval"/> to <see cref="Approved"/>, <see cref="Rejected"/> or <see cref="Archived"/>.</description></item>
/// <item><description><see cref="Approved"/> to <see cref="Rejected"/> or <see cref="Archived"/>.</description></item>
/// <item><description><see cref="Rejected"/> to <see cref="Archived"/>.</description></item>
/// <item><description><see cref="Archived"/> is final: a version is never hard-deleted and its number is never reused.</description></item>
/// </list>
/// A version that an alias points to cannot become <see cref="Rejected"/> or <see cref="Archived"/> until the alias moves,
/// and a rejected or archived version cannot be given an alias.
/// </remarks>
public enum ModelVersionStatus
{
    /// <summary>Registered and awaiting a decision. Every version starts here.</summary>
    PendingApproval = 0,

    /// <summary>Approved for use.</summary>
    Approved = 1,

    /// <summary>Rejected: it may not be given an alias.</summary>
    Rejected = 2,

    /// <summary>Retired for good: kept for audit and reproduction, never served through an alias again.</summary>
    Archived = 3,
}
