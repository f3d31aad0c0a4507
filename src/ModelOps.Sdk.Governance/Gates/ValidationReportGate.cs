using ModelOps.Sdk.Evidence;

namespace ModelOps.Sdk.Governance.Gates;

/// <summary>
/// The base of gates that read the version's validation monitoring report (a <see cref="DocumentKinds.MonitoringReport"/> document
/// named <c>validation</c>) as a <see cref="MonitoringSummary"/>, through <see cref="EvidenceJson.ReadMonitoringSummary"/>.
/// </summary>
public abstract class ValidationReportGate : IPromotionGate
{
    /// <summary>The name of the monitoring report the gates read: <c>validation</c>.</summary>
    public const string ReportName = "validation";

    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <inheritdoc/>
    public async ValueTask<GateResult> EvaluateAsync(GateContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var evidence = await EvidenceDocuments.LatestAsync(
            context.Registry, context.Candidate.ModelName, context.Candidate.Version, DocumentKinds.MonitoringReport, ReportName, cancellationToken).ConfigureAwait(false);
        if (evidence is not { } found)
        {
            return GateResult.Fail(Name, $"version {context.Candidate.Version} has no '{ReportName}' monitoring report (save one with SaveMonitoringReportAsync)", threshold: Threshold);
        }

        var summary = EvidenceJson.ReadMonitoringSummary(found.Content.Span);
        return Evaluate(context.Candidate, summary);
    }

    /// <summary>Gets the threshold as shown in reports.</summary>
    protected abstract string Threshold { get; }

    /// <summary>Evaluates the gate on the report's summary.</summary>
    /// <param name="candidate">The version.</param>
    /// <param name="report">The validation report's summary.</param>
    /// <returns>The result.</returns>
    protected abstract GateResult Evaluate(ModelVersion candidate, MonitoringSummary report);
}
