using ModelOps.Sdk.Evidence;

namespace ModelOps.Sdk.Governance.Gates;

/// <summary>
/// Data: requires a reference profile stored with the version (a <see cref="DocumentKinds.ReferenceProfile"/> document from
/// <c>ModelOps.Sdk.Monitoring</c>, read as a <see cref="ReferenceProfileSummary"/>) fitted on at least one row, so the version can
/// be monitored for drift once it serves.
/// </summary>
public sealed class ReferenceProfileGate : IPromotionGate
{
    /// <inheritdoc/>
    public string Name => "data:reference-profile";

    /// <inheritdoc/>
    public async ValueTask<GateResult> EvaluateAsync(GateContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        const string Threshold = "a reference profile of at least one row is stored";
        var documents = await context.Registry.ListDocumentsAsync(context.Candidate.ModelName, context.Candidate.Version, DocumentKinds.ReferenceProfile, cancellationToken).ConfigureAwait(false);
        var latest = documents.GroupBy(static d => d.Name, StringComparer.Ordinal).Select(static g => g.MaxBy(static d => d.Sequence)!).OrderBy(static d => d.Name, StringComparer.Ordinal).ToArray();
        var figures = new Dictionary<string, double>(StringComparer.Ordinal) { ["profiles"] = latest.Length };
        var usable = new List<string>();
        foreach (var document in latest)
        {
            var summary = EvidenceJson.ReadReferenceProfileSummary((await context.Registry.ReadDocumentAsync(document, cancellationToken).ConfigureAwait(false)).Span);
            figures[$"{document.Name}.rows"] = summary.RowCount;
            figures[$"{document.Name}.features"] = summary.Features.Count;
            if (summary.RowCount > 0)
            {
                usable.Add($"'{document.Name}' ({summary.RowCount} rows, {summary.Features.Count} features)");
            }
        }

        if (usable.Count > 0)
        {
            return GateResult.Pass(Name, $"reference profile(s) {string.Join(", ", usable)} stored", figures, Threshold);
        }

        return GateResult.Fail(Name, latest.Length == 0
            ? $"version {context.Candidate.Version} has no reference profile"
            : $"the reference profile(s) of version {context.Candidate.Version} were fitted on no rows", figures, Threshold);
    }
}
