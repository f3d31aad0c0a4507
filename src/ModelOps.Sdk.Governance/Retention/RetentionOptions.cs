using System.ComponentModel.DataAnnotations;
using ModelOps.Sdk.Configuration;

namespace ModelOps.Sdk.Governance.Retention;

/// <summary>
/// Retention configuration: configured policies (a policy stored in the registry takes precedence), the windows other features need
/// kept, and the scheduled loop. Bound from configuration (section <c>ModelOps:Retention</c>) and validated at host start and when
/// <see cref="IRetentionService"/> is first resolved.
/// </summary>
/// <remarks>Without any policy, stored or configured, retention purges nothing: purging is always someone's decision.</remarks>
[ModelOpsOptionsSection(SectionName)]
public sealed class RetentionOptions
{
    /// <summary>The configuration section these options bind from, relative to the <c>ModelOps</c> section: <c>ModelOps:Retention</c>.</summary>
    public const string SectionName = "Retention";

    /// <summary>Gets or sets the configured policy for models without their own (stored or configured) and without a stored registry-wide default.</summary>
    /// <value>The default value is <see langword="null"/>: no configured default.</value>
    public RetentionPolicyDocument? DefaultPolicy { get; set; }

    /// <summary>Gets the configured policies by model name.</summary>
    public IDictionary<string, RetentionPolicyDocument> Policies { get; } = new Dictionary<string, RetentionPolicyDocument>(StringComparer.Ordinal);

    /// <summary>
    /// Gets or sets how far back logged decisions may be replayed: every version an alias pointed to within this window is kept
    /// (rule <see cref="RetentionRules.PredictionLogReplayWindow"/>), whatever the policy says. Set it to the prediction logs' retention.
    /// </summary>
    /// <value>The default value is zero (no replay window).</value>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan PredictionLogReplayWindow { get; set; }

    /// <summary>
    /// Gets or sets how far back the model operations report shows history: every version an alias pointed to within this window,
    /// and every monitoring report attached within it, is kept (rule <see cref="RetentionRules.ReportHistoryWindow"/>).
    /// </summary>
    /// <value>The default value is zero (no report history window).</value>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan ReportHistoryWindow { get; set; }

    /// <summary>
    /// Gets or sets whether the hosted retention loop (<c>governance:retention</c>, an <see cref="Loops.IModelOpsLoop"/>) applies
    /// retention to every model on a schedule. It acts as the host's actor (<see cref="Security.IActorAccessor"/>), which needs the
    /// purge role (<see cref="Policies.GovernanceRoles.Purge"/>); a refusal is audited and reported in the loop's status.
    /// </summary>
    /// <value>The default value is <see langword="false"/>: retention runs only when asked (<c>modelops retention apply</c>).</value>
    public bool LoopEnabled { get; set; }

    /// <summary>Gets or sets how often the retention loop runs.</summary>
    /// <value>The default value is 1 day.</value>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan LoopInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Gets or sets whether each run of the retention loop, after applying retention, collects the artifact store
    /// (<see cref="GarbageCollection.IArtifactCollector"/>): the blobs of what it purged, and of refused registrations and killed
    /// uploads, are deleted once no unpurged version or document references them and they are older than
    /// <see cref="ModelOpsOptions.ArtifactGracePeriod"/>. The collection needs the same purge role and is audited as one
    /// <c>artifacts.collected</c> entry. An artifact store that cannot be collected is logged once and skipped.
    /// </summary>
    /// <value>The default value is <see langword="true"/>: a purge frees disk space at the same run, or at the first run after the grace period.</value>
    public bool LoopCollectsArtifacts { get; set; } = true;

    /// <summary>Gets or sets the reason the loop records with each purge, after which the policy and the rule are named.</summary>
    /// <value>The default value is <c>scheduled retention</c>.</value>
    [Required]
    public string LoopReason { get; set; } = "scheduled retention";
}
