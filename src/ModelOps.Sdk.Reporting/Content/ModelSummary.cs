using ModelOps.Sdk.Audit;
using ModelOps.Sdk.Governance.Gates;

namespace ModelOps.Sdk.Reporting;

/// <summary>One model's line of the overview: who decides today, how it got there, whether it is watched, and its headline.</summary>
public sealed record ModelSummary
{
    /// <summary>Gets the model's name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the highest version registered.</summary>
    public required int LatestVersion { get; init; }

    /// <summary>Gets the champion alias's version, or <see langword="null"/> when the alias is not set.</summary>
    public ModelVersion? Champion { get; init; }

    /// <summary>Gets the challenger alias's version, or <see langword="null"/> when the alias is not set.</summary>
    public ModelVersion? Challenger { get; init; }

    /// <summary>Gets the champion's last forward move with its approvals, or <see langword="null"/> when it never moved.</summary>
    public PromotionRecord? LastPromotion { get; init; }

    /// <summary>Gets the champion alias's last change if it was a rollback, or <see langword="null"/>.</summary>
    public AliasChange? LastRollback { get; init; }

    /// <summary>Gets the latest gate report of the champion's version, or <see langword="null"/> when its gates were never evaluated (or governance is not registered).</summary>
    public GateReport? ChampionGates { get; init; }

    /// <summary>Gets the verification of the model's audit chain.</summary>
    public required AuditVerificationResult AuditChain { get; init; }

    /// <summary>Gets the monitoring state of the champion's version in the period.</summary>
    public required MonitoringStatus Monitoring { get; init; }

    /// <summary>Gets the look at the challenger alias's version in a running experiment, or <see langword="null"/>.</summary>
    public ExperimentLook? ChallengerLook { get; init; }

    /// <summary>Gets the plain-language headline.</summary>
    public required ModelHeadline Headline { get; init; }
}
