namespace ModelOps.Sdk.Governance.Retention;

/// <summary>
/// Retention: plans and applies the purge of versions and growing documents that no rule keeps. Registered by <c>AddGovernance</c>.
/// </summary>
/// <remarks>
/// <para>Purging only marks a version or a document purged in its audit chain (<see cref="IModelRegistry.PurgeVersionAsync"/>,
/// <see cref="IModelRegistry.PurgeDocumentAsync"/>): metadata, hashes and the audit trail stay; the bytes are no longer served.</para>
/// <para>Never purged, whatever a policy says: a version an alias points to now; documents of any kind other than
/// <see cref="DocumentKinds.MonitoringReport"/> and <see cref="DocumentKinds.ExperimentStatistics"/> (approvals, gate reports,
/// overrides, policies, promotion, rollback and import evidence, reference profiles, model cards, parity reports, experiment
/// definitions); the <c>validation</c> monitoring report (gate evidence); the latest revision of each document name.</para>
/// </remarks>
public interface IRetentionService
{
    /// <summary>
    /// Computes what retention would purge now, and why, without changing anything (a dry run).
    /// </summary>
    /// <param name="modelName">One model, or <see langword="null"/> for every model in the registry.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The plan: every unpurged version and growing document of each model with a policy, kept or to purge, with the rules.</returns>
    /// <exception cref="ModelNotFoundException">The model does not exist.</exception>
    /// <exception cref="InvalidRetentionPolicyException">A stored policy that applies cannot be read; nothing is planned for that registry.</exception>
    Task<RetentionPlan> PlanAsync(string? modelName = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Plans as <see cref="PlanAsync"/> and purges what the plan selects, each purge an audited registry operation with a reason that
    /// names <paramref name="reason"/>, the policy and the rule. It needs the purge role (<see cref="Policies.GovernanceRoles.Purge"/>).
    /// </summary>
    /// <param name="modelName">One model, or <see langword="null"/> for every model.</param>
    /// <param name="reason">Why (required, recorded with each purge).</param>
    /// <param name="cancellationToken">Cancels the work; purges already made stay.</param>
    /// <returns>What was purged, and what was skipped and why.</returns>
    /// <exception cref="GovernanceRefusalException">The acting principal lacks the purge role; the refusal is audited and nothing was purged.</exception>
    /// <exception cref="InvalidRegistrationException">The reason is missing.</exception>
    Task<RetentionResult> ApplyAsync(string? modelName, string reason, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a retention policy for a model (or, with <paramref name="modelName"/> <see langword="null"/>, the registry-wide default)
    /// as a new revision of its <see cref="DocumentKinds.RetentionPolicy"/> document: validated first, then attached with the actor
    /// and the reason in the audit chain. Needs <see cref="Policies.GovernanceRoles.ChangePolicy"/>.
    /// </summary>
    /// <param name="modelName">The model, which must exist; or <see langword="null"/> for the registry-wide default.</param>
    /// <param name="policy">The policy.</param>
    /// <param name="reason">Why (required).</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <returns>The policy as it now applies.</returns>
    /// <exception cref="InvalidRetentionPolicyException">The policy is invalid; nothing was stored.</exception>
    /// <exception cref="GovernanceRefusalException">The acting principal lacks the change-policy role; the refusal is audited.</exception>
    Task<EffectiveRetentionPolicy> SetPolicyAsync(string? modelName, RetentionPolicyDocument policy, string reason, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gets the retention policy that applies to a model, first match wins: the model's stored policy, its configured one, the stored
    /// registry-wide default, the configured default; <see cref="RetentionPolicySource.None"/> when none does.
    /// </summary>
    /// <param name="modelName">The model; or <see langword="null"/> for the default that applies to models without their own.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The effective policy.</returns>
    Task<EffectiveRetentionPolicy> GetPolicyAsync(string? modelName, CancellationToken cancellationToken = default);
}
