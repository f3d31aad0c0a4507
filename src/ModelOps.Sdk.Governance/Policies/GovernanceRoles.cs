namespace ModelOps.Sdk.Governance.Policies;

/// <summary>
/// The roles the default role-based authorization requires, per kind of change. A role is held when the acting principal
/// (<see cref="Security.IActorAccessor"/>) has it as a role claim. <see langword="null"/> or empty means anyone may.
/// </summary>
public sealed class GovernanceRoles
{
    /// <summary>Gets or sets the role needed to register a version. Default: anyone.</summary>
    public string? Register { get; set; }

    /// <summary>Gets or sets the role needed to approve or reject a version. Default: <c>model-approver</c>.</summary>
    public string? Approve { get; set; } = "model-approver";

    /// <summary>Gets or sets the role needed to archive a version, delete a protected alias or override a gate. Default: <c>model-admin</c>.</summary>
    public string? Administer { get; set; } = "model-admin";

    /// <summary>Gets or sets the role needed to move or roll back a protected alias. Default: <c>model-deployer</c>.</summary>
    public string? Deploy { get; set; } = "model-deployer";

    /// <summary>
    /// Gets or sets the role needed to change a promotion policy (<see cref="IGovernanceService.SetPolicyAsync"/>, for a model or
    /// the registry-wide default). Default: <c>model-admin</c>, the administrators' role; set it apart to give policy to, say, a
    /// model-risk function that does not archive versions.
    /// </summary>
    public string? ChangePolicy { get; set; } = "model-admin";

    /// <summary>
    /// Gets or sets the role needed to purge a version or a document (<see cref="IModelRegistry.PurgeVersionAsync"/>,
    /// <see cref="IModelRegistry.PurgeDocumentAsync"/>, and so <see cref="Retention.IRetentionService.ApplyAsync"/> and
    /// <c>modelops retention apply</c>). Default: <c>model-admin</c>. An empty value lets anyone purge, as for the other roles.
    /// </summary>
    public string? Purge { get; set; } = "model-admin";
}
