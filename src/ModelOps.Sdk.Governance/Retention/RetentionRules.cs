namespace ModelOps.Sdk.Governance.Retention;

/// <summary>
/// The names of the retention rules, as a <see cref="RetentionDecision"/> lists them: the rules that keep a version or a document,
/// and the limits that make a document go.
/// </summary>
public static class RetentionRules
{
    /// <summary>Kept: an alias points to the version now. Never purged, whatever the policy says.</summary>
    public const string InProduction = "in-production";

    /// <summary>Kept: the version is among the model's last <see cref="RetentionPolicyDocument.KeepLastVersions"/> versions.</summary>
    public const string LastVersions = "last-versions";

    /// <summary>Kept: an alias pointed to the version within <see cref="RetentionPolicyDocument.KeepAliasTargetsFor"/>.</summary>
    public const string AliasWindow = "alias-window";

    /// <summary>Kept: the version is <see cref="ModelVersionStatus.Approved"/> (<see cref="RetentionPolicyDocument.KeepApproved"/>).</summary>
    public const string Approved = "approved";

    /// <summary>Kept: the version is younger than <see cref="RetentionPolicyDocument.MinimumAge"/>.</summary>
    public const string MinimumAge = "minimum-age";

    /// <summary>
    /// Kept: an alias pointed to the version within <see cref="RetentionOptions.PredictionLogReplayWindow"/>, so the decisions it
    /// logged can still be replayed on it.
    /// </summary>
    public const string PredictionLogReplayWindow = "prediction-log-replay-window";

    /// <summary>
    /// Kept: an alias pointed to the version, or the monitoring report was attached, within
    /// <see cref="RetentionOptions.ReportHistoryWindow"/>, so the report's history still shows it.
    /// </summary>
    public const string ReportHistoryWindow = "report-history-window";

    /// <summary>Kept: the document is the latest revision of its name at its place (what readers such as experiment evaluation read).</summary>
    public const string LatestRevision = "latest-revision";

    /// <summary>Kept: the document is evidence for governance (the <c>validation</c> monitoring report the gates and model card read).</summary>
    public const string GovernanceEvidence = "governance-evidence";

    /// <summary>
    /// Goes: a later revision of the same scorer telemetry series (<see cref="DocumentKinds.ScorerTelemetrySeries"/>) holds every
    /// period this one holds, and readers read only the latest.
    /// </summary>
    public const string SupersededRevision = "superseded-revision";

    /// <summary>Goes: the document is older than its kind's <see cref="DocumentRetention.MaxAge"/>.</summary>
    public const string DocumentMaxAge = "document-max-age";

    /// <summary>Goes: the document is beyond the newest <see cref="DocumentRetention.KeepLast"/> of its kind at its place.</summary>
    public const string DocumentKeepLast = "document-keep-last";

    /// <summary>
    /// Kept at the purge's commit: a retention policy was stored for the model after the plan was made, so the plan's policy no
    /// longer applies; the next plan decides under the new one.
    /// </summary>
    public const string PolicyChanged = "policy-changed";

    /// <summary>Goes: no rule keeps the version.</summary>
    public const string NoKeepRule = "no-keep-rule";
}
