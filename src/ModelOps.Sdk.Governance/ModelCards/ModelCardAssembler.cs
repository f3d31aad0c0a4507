using ModelOps.Sdk.Evidence;
using ModelOps.Sdk.Governance.Gates;

namespace ModelOps.Sdk.Governance.ModelCards;

/// <summary>Builds a version's <see cref="ModelCard"/> from its stored content, its metadata and its evidence documents.</summary>
internal static class ModelCardAssembler
{
    public static async Task<ModelCard> AssembleAsync(IModelRegistry registry, string model, int version, CancellationToken cancellationToken)
    {
        var record = await registry.GetVersionAsync(model, version, cancellationToken).ConfigureAwait(false);
        var content = new ModelCardContent();
        if (await EvidenceDocuments.LatestAsync(registry, model, version, DocumentKinds.ModelCard, null, cancellationToken).ConfigureAwait(false) is { } stored)
        {
            content = EvidenceDocuments.Read(stored.Content, GovernanceJson.Default.ModelCardContent, $"model card of model '{model}' version {version}");
        }

        var fairness = new List<ModelCardFairness>();
        if (await EvidenceDocuments.LatestAsync(registry, model, version, DocumentKinds.MonitoringReport, ValidationReportGate.ReportName, cancellationToken).ConfigureAwait(false) is { } report)
        {
            fairness.AddRange(EvidenceJson.ReadMonitoringSummary(report.Content.Span).Fairness.Select(static f => new ModelCardFairness(
                f.Attribute, f.DemographicParityRatio, f.DemographicParityDifference, f.EqualizedOddsDifference)));
        }

        var gate = await GovernanceEvidence.LatestReportAsync(registry, model, version, cancellationToken).ConfigureAwait(false);
        var approvers = await GovernanceEvidence.ApproversAsync(registry, model, version, record.RegisteredBy, cancellationToken).ConfigureAwait(false);
        return new ModelCard
        {
            ModelName = model,
            Version = version,
            Flavor = record.Flavor,
            Status = record.Status,
            RegisteredBy = record.RegisteredBy,
            RegisteredAt = record.RegisteredAt,
            Description = record.Description,
            IntendedUse = content.IntendedUse,
            Limitations = content.Limitations,
            Owner = string.IsNullOrWhiteSpace(content.Owner) ? record.Tags.GetValueOrDefault("owner") : content.Owner,
            TrainingData = content.TrainingData,
            EvaluationResults = record.Metrics,
            FairnessResults = fairness,
            Lineage = record.Lineage,
            Signature = record.Signature,
            Approvers = approvers,
            GatesPassed = gate?.Report.Passed,
            GateFailures = gate?.Report.Failures.Select(f => $"{f.Gate}: {f.Reason}").ToArray() ?? [],
        };
    }
}
