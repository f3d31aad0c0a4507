using System.Text.Json;
using ModelOps.Sdk.Governance.Approvals;
using ModelOps.Sdk.Governance.Gates;

namespace ModelOps.Sdk.Governance;

/// <summary>Reads the governance documents attached to a version: the latest gate report, approvals and overrides.</summary>
internal static class GovernanceEvidence
{
    public static async Task<(GateReport Report, ModelDocument Document)?> LatestReportAsync(IModelRegistry registry, string model, int version, CancellationToken cancellationToken)
    {
        if (await EvidenceDocuments.LatestAsync(registry, model, version, DocumentKinds.GateReport, null, cancellationToken).ConfigureAwait(false) is not { } latest)
        {
            return null;
        }

        var report = EvidenceDocuments.Read(latest.Content, GovernanceJson.Default.GateReport, $"gate report of model '{model}' version {version}");
        return (report, latest.Document);
    }

    /// <summary>The distinct principals who approved the version, in order, excluding <paramref name="registrant"/>.</summary>
    public static async Task<IReadOnlyList<string>> ApproversAsync(IModelRegistry registry, string model, int version, string registrant, CancellationToken cancellationToken)
    {
        var documents = await registry.ListDocumentsAsync(model, version, DocumentKinds.Approval, cancellationToken).ConfigureAwait(false);
        return documents
            .OrderBy(d => d.Sequence)
            .Select(d => d.AttachedBy)
            .Where(a => !string.Equals(a, registrant, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>The overridden gates of a version, with who overrode each (the latest override per gate).</summary>
    public static async Task<IReadOnlyDictionary<string, string>> OverridesAsync(IModelRegistry registry, string model, int version, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var documents = await registry.ListDocumentsAsync(model, version, DocumentKinds.GateOverride, cancellationToken).ConfigureAwait(false);
        foreach (var document in documents.OrderBy(d => d.Sequence))
        {
            var bytes = await registry.ReadDocumentAsync(document, cancellationToken).ConfigureAwait(false);
            if (JsonSerializer.Deserialize(bytes.Span, GovernanceJson.Default.GateOverride) is { } entry)
            {
                result[entry.Gate] = document.AttachedBy;
            }
        }

        return result;
    }
}
