using ModelOps.Sdk.Governance.Gates;
using ModelOps.Sdk.Security;

namespace ModelOps.Sdk.Governance;

/// <summary>
/// Thrown when governance refuses a change: the acting principal lacks the role (<see cref="Rules.Authorization"/>), approves its
/// own registration (<see cref="Rules.SeparationOfDuties"/>), the version has not passed its gates (<see cref="Rules.Gates"/>)
/// or lacks approvals (<see cref="Rules.Approvals"/>), a protected alias would point to an unapproved version
/// (<see cref="Rules.ProtectedAlias"/>), a gate report was written other than by evaluating the gates
/// (<see cref="Rules.GateReportWriter"/>), or a promotion policy was attached other than through
/// <see cref="IGovernanceService.SetPolicyAsync"/> or to a version (<see cref="Rules.PolicyDocument"/>). The registry has audited the refusal; nothing was changed.
/// </summary>
public sealed class GovernanceRefusalException : OperationRefusedException
{
    /// <summary>Initializes a new instance of the <see cref="GovernanceRefusalException"/> class.</summary>
    /// <param name="operation">The refused change.</param>
    /// <param name="rule">One of <see cref="Rules"/>.</param>
    /// <param name="message">What was refused and why, naming model, version, alias, principal and role as they apply.</param>
    /// <param name="requiredRole">The role that was missing, for <see cref="Rules.Authorization"/>.</param>
    /// <param name="report">The gate report that failed, for <see cref="Rules.Gates"/>.</param>
    public GovernanceRefusalException(RegistryOperationKind operation, string rule, string message, string? requiredRole = null, GateReport? report = null)
        : base(operation, rule, message)
    {
        RequiredRole = requiredRole;
        Report = report;
    }

    /// <summary>Gets the role the principal lacked, for <see cref="Rules.Authorization"/>.</summary>
    public string? RequiredRole { get; }

    /// <summary>Gets the failed gate report, for <see cref="Rules.Gates"/>.</summary>
    public GateReport? Report { get; }

    /// <summary>The rules governance enforces, as <see cref="OperationRefusedException.Rule"/> values.</summary>
    public static class Rules
    {
        /// <summary>The acting principal does not hold the role the change needs.</summary>
        public const string Authorization = "authorization";

        /// <summary>The approver registered the version, or has already approved it.</summary>
        public const string SeparationOfDuties = "separation-of-duties";

        /// <summary>The version's latest gate report is missing or failed.</summary>
        public const string Gates = "gates";

        /// <summary>The version has fewer distinct approvals than its policy requires.</summary>
        public const string Approvals = "approvals";

        /// <summary>A protected alias may only point to an approved version.</summary>
        public const string ProtectedAlias = "protected-alias";

        /// <summary>Gate reports are written only by evaluating the gates.</summary>
        public const string GateReportWriter = "gate-report-writer";

        /// <summary>
        /// Promotion policies are stored only by <see cref="IGovernanceService.SetPolicyAsync"/> (which validates them first), and
        /// only for a model or the registry, never for a version.
        /// </summary>
        public const string PolicyDocument = "policy-document";

        /// <summary>
        /// A document that is evidence for governance (any kind but monitoring reports, experiment statistics and scorer telemetry, and the
        /// <c>validation</c> monitoring report) or the last unpurged revision of a name was to be purged.
        /// </summary>
        public const string RetentionEvidence = "retention-evidence";
    }
}
