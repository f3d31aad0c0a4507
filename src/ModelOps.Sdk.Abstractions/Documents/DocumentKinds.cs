namespace ModelOps.Sdk;

/// <summary>
/// Every kind of document (<see cref="ModelDocument.Kind"/>) the ModelOps.Sdk packages attach to a version, a model or the
/// registry, defined once so that the package that writes a kind and the packages that read it spell it the same way. The values
/// are part of the stored format: stable across versions, and the same in every storage provider.
/// </summary>
/// <remarks>
/// Gate type names (<c>BuiltInGateTypes</c> in <c>ModelOps.Sdk.Governance</c>) are a separate vocabulary, even where a string
/// coincides with a kind here. Applications may attach documents of their own kinds; avoid these values for them.
/// </remarks>
public static class DocumentKinds
{
    /// <summary>
    /// A gate report (JSON <c>GateReport</c>) attached to a version by governance's <c>EvaluateGatesAsync</c>, the only writer;
    /// attaching one by hand is refused.
    /// </summary>
    public const string GateReport = "gate-report";

    /// <summary>An approval of a version (JSON <c>ApprovalRecord</c>), written by governance; its audit entry names the approver.</summary>
    public const string Approval = "approval";

    /// <summary>An audited override of one failed gate for one version (JSON <c>GateOverride</c>), written by governance.</summary>
    public const string GateOverride = "gate-override";

    /// <summary>The written part of a version's model card (JSON <c>ModelCardContent</c>), written by governance's <c>SaveModelCardAsync</c>.</summary>
    public const string ModelCard = "model-card";

    /// <summary>
    /// A stored promotion policy (JSON, named <see cref="Security.StoredAliasPolicy.DocumentName"/>) at model level, or at registry
    /// level for the registry-wide default; written by governance's <c>SetPolicyAsync</c>, and its alias rules
    /// (<see cref="Security.StoredAliasPolicy"/>) read by the core registry.
    /// </summary>
    public const string PromotionPolicy = "promotion-policy";

    /// <summary>
    /// A stored retention policy (JSON <c>RetentionPolicyDocument</c>, named <c>retention</c>) at model level, or at registry level
    /// for the registry-wide default; written by governance's <c>IRetentionService.SetPolicyAsync</c> and read by its retention plan.
    /// </summary>
    public const string RetentionPolicy = "retention-policy";

    /// <summary>
    /// Evidence: how closely an ONNX export scores like its ML.NET source (JSON <see cref="Evidence.OnnxParityReport"/>), attached to
    /// the export by <c>MLNetOnnxExporter.CheckParityAsync</c> (<c>ModelOps.Sdk.MLNet.Onnx</c>), named <c>v&lt;source version&gt;</c>;
    /// governance's ONNX parity gate reads it.
    /// </summary>
    public const string OnnxParity = "onnx-parity";

    /// <summary>
    /// Evidence: a version's reference (training) data profile (JSON <c>DataProfile</c>, whose headline
    /// <see cref="Evidence.ReferenceProfileSummary"/> other packages read), attached by <c>SaveReferenceProfileAsync</c>
    /// (<c>ModelOps.Sdk.Monitoring</c>), named <c>default</c> unless told otherwise; governance's reference-profile gate reads it.
    /// </summary>
    public const string ReferenceProfile = "reference-profile";

    /// <summary>
    /// Evidence: a monitoring report on some data against the version's reference (JSON <c>MonitoringReport</c>, whose
    /// <see cref="Evidence.MonitoringSummary"/> other packages read), attached by <c>SaveMonitoringReportAsync</c>
    /// (<c>ModelOps.Sdk.Monitoring</c>); governance's drift, data-quality and fairness gates and the model card read the one named
    /// <c>validation</c>.
    /// </summary>
    public const string MonitoringReport = "monitoring-report";

    /// <summary>
    /// One serving instance's saved monitoring windows of a version (JSON <c>SavedMonitoringWindow</c>: the window's report, its
    /// mergeable profile and fairness counts, its aligned period and the instance id), a version-level document named
    /// <c>&lt;saved report name&gt;.&lt;instance&gt;</c>, one revision per window; written by <c>AliasMonitor</c> and merged across
    /// instances by <c>MonitoringWindowMerger</c> (<c>ModelOps.Sdk.Monitoring</c>), read by the report (<c>ModelOps.Sdk.Reporting</c>).
    /// </summary>
    public const string MonitoringWindow = "monitoring-window";

    /// <summary>
    /// One serving instance's scorer telemetry of a version for one period (JSON <see cref="Telemetry.ScorerTelemetrySnapshot"/>), a
    /// version-level document named <c>scorer-telemetry.&lt;instance&gt;</c>, one revision per period: what hosts of earlier versions
    /// of this library wrote. The report still reads and merges it; the hosting layer now writes
    /// <see cref="ScorerTelemetrySeries"/>. Retained like monitoring reports (<c>RetentionPolicyDocument.ScorerTelemetry</c>).
    /// </summary>
    public const string ScorerTelemetry = "scorer-telemetry";

    /// <summary>
    /// One serving instance's scorer telemetry of a version over consecutive periods of one UTC day (JSON
    /// <see cref="Telemetry.ScorerTelemetrySeries"/>: calls, errors and sampled latencies per aligned period), a version-level document
    /// named <c>scorer-telemetry.&lt;instance&gt;.&lt;run&gt;.&lt;first period, yyyyMMddTHHmmZ&gt;</c>; written by the hosting layer
    /// (<c>ModelOps.Sdk.Hosting</c>), a new revision at the end of each period holding every earlier period of the series, so readers
    /// read only the latest revision of each name; merged across instances and read by the report (<c>ModelOps.Sdk.Reporting</c>).
    /// Retention (<c>RetentionPolicyDocument.ScorerTelemetry</c>) removes superseded revisions, and the latest by age or count.
    /// </summary>
    public const string ScorerTelemetrySeries = "scorer-telemetry-series";

    /// <summary>
    /// An experiment definition (JSON <c>ExperimentDefinition</c>), a model-level document named after the experiment, one revision
    /// per change; written and read by <c>ExperimentStore</c> (<c>ModelOps.Sdk.Routing</c>).
    /// </summary>
    public const string Experiment = "experiment";

    /// <summary>
    /// An experiment's statistics from one serving instance (JSON), a model-level document named
    /// <c>&lt;experiment&gt;.&lt;instance&gt;</c>; written and read by <c>ExperimentStatisticsStore</c> (<c>ModelOps.Sdk.Routing</c>).
    /// </summary>
    public const string ExperimentStatistics = "experiment-statistics";

    /// <summary>
    /// Evidence of an automatic promotion (JSON: the decision, its rule, summary, evidence and test state), attached to the promoted
    /// version and named after the experiment by <c>ChampionChallengerAutomation</c> (<c>ModelOps.Sdk.Routing</c>).
    /// </summary>
    public const string PromotionEvidence = "promotion-evidence";

    /// <summary>
    /// Evidence of an automatic rollback (JSON, as <see cref="PromotionEvidence"/>), attached to the version rolled back from and
    /// named after the experiment by <c>ChampionChallengerAutomation</c> (<c>ModelOps.Sdk.Routing</c>).
    /// </summary>
    public const string RollbackEvidence = "rollback-evidence";

    /// <summary>
    /// Evidence of a bundle import (JSON: origin, manifest hash, audit anchor, the source's audit entries and documents of the
    /// version), attached to the imported version by governance's bundle import, named <c>&lt;registry&gt;-v&lt;version&gt;</c>.
    /// </summary>
    public const string ImportEvidence = "import-evidence";

    /// <summary>
    /// A version's reason-code table (JSON <see cref="Explanations.ReasonCodeTable"/>, read and written with
    /// <see cref="Explanations.ExplanationJson"/>), named <c>default</c>: the human text for the top contributions of a decision.
    /// Written by <c>SaveReasonCodeTableAsync</c> (<c>ModelOps.Sdk</c>) and validated by the registry whoever attaches it (an invalid
    /// table is refused with <see cref="InvalidReasonCodeTableException"/>); read by <see cref="Explanations.IDecisionExplainer"/>.
    /// </summary>
    public const string ReasonCodes = "reason-codes";
}
