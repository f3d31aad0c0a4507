namespace ModelOps.Sdk.Governance.Gates;

/// <summary>
/// Data: requires a reference profile stored with the version (a <see cref="GovernanceDocumentKinds.ReferenceProfile"/> document
/// from <c>ModelOps.Sdk.Monitoring</c>), so the version can be monitored for drift once it serves.
/// </summary>
public sealed class ReferenceProfileGate : IPromotionGate
{
    /// <inheritdoc/>
    public string Name => "data:reference-profile";

    /// <inheritdoc/>
    public async ValueTask<GateResult> EvaluateAsync(GateContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var documents = await context.Registry.ListDocumentsAsync(context.Candidate.ModelName, context.Candidate.Version, GovernanceDocumentKinds.ReferenceProfile, cancellationToken).ConfigureAwait(false);
        var figures = new Dictionary<string, double> { ["profiles"] = documents.Select(d => d.Name).Distinct(StringComparer.Ordinal).Count() };
        return documents.Count > 0
            ? GateResult.Pass(Name, $"reference profile(s) {string.Join(", ", documents.Select(d => $"'{d.Name}'").Distinct(StringComparer.Ordinal))} stored", figures, "a reference profile is stored")
            : GateResult.Fail(Name, $"version {context.Candidate.Version} has no reference profile", figures, "a reference profile is stored");
    }
}
