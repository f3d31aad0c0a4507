using System.Text.Json;
using ModelOps.Sdk.Governance.Gates;

namespace ModelOps.Sdk.Governance.ModelCards;

/// <summary>Builds a version's <see cref="ModelCard"/> from its stored content, its metadata and its evidence documents.</summary>
internal static class ModelCardAssembler
{
    public static async Task<ModelCard> AssembleAsync(IModelRegistry registry, string model, int version, CancellationToken cancellationToken)
    {
        var record = await registry.GetVersionAsync(model, version, cancellationToken).ConfigureAwait(false);
        var content = new ModelCardContent();
        if (await EvidenceDocuments.LatestAsync(registry, model, version, GovernanceDocumentKinds.ModelCard, null, cancellationToken).ConfigureAwait(false) is { } stored)
        {
            using (stored.Json)
            {
                content = stored.Json.RootElement.Deserialize(GovernanceJson.Default.ModelCardContent) ?? content;
            }
        }

        var fairness = new List<ModelCardFairness>();
        if (await EvidenceDocuments.LatestAsync(registry, model, version, GovernanceDocumentKinds.MonitoringReport, ValidationReportGate.ReportName, cancellationToken).ConfigureAwait(false) is { } report)
        {
            using (report.Json)
            {
                var root = report.Json.RootElement;
                var items = root.TryGetProperty("fairnessByAttribute", out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().ToList() : [];
                if (items.Count == 0 && root.TryGetProperty("fairness", out var single) && single.ValueKind == JsonValueKind.Object)
                {
                    items.Add(single);
                }

                foreach (var item in items)
                {
                    var attribute = item.TryGetProperty("attribute", out var a) ? a.GetString() : null;
                    fairness.Add(new ModelCardFairness(
                        attribute ?? "(unnamed)",
                        EvidenceDocuments.Number(item, "demographicParityRatio", "value"),
                        EvidenceDocuments.Number(item, "demographicParityDifference", "value"),
                        EvidenceDocuments.Number(item, "equalizedOddsDifference", "value")));
                }
            }
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
