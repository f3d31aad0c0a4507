using System.Text.Json;

namespace ModelOps.Sdk.Governance.Gates;

/// <summary>The base of gates that read the version's validation monitoring report (document <c>monitoring-report</c> named <c>validation</c>).</summary>
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
            context.Registry, context.Candidate.ModelName, context.Candidate.Version, GovernanceDocumentKinds.MonitoringReport, ReportName, cancellationToken).ConfigureAwait(false);
        if (evidence is not { } found)
        {
            return GateResult.Fail(Name, $"version {context.Candidate.Version} has no '{ReportName}' monitoring report (save one with SaveMonitoringReportAsync)", threshold: Threshold);
        }

        using var json = found.Json;
        return Evaluate(context.Candidate, json.RootElement);
    }

    /// <summary>Gets the threshold as shown in reports.</summary>
    protected abstract string Threshold { get; }

    /// <summary>Evaluates the gate on the report's JSON (camelCase, as <c>MonitoringReport.ToJson</c> writes it).</summary>
    /// <param name="candidate">The version.</param>
    /// <param name="report">The report's root element.</param>
    /// <returns>The result.</returns>
    protected abstract GateResult Evaluate(ModelVersion candidate, JsonElement report);
}
