namespace ModelOps.Sdk.Explanations;

/// <summary>
/// Stores a model version's reason-code table in the registry, as a hash-verified, append-only document of kind
/// <see cref="DocumentKinds.ReasonCodes"/> named <see cref="DocumentName"/>, and loads it back.
/// </summary>
public static class ReasonCodeTableRegistryExtensions
{
    /// <summary>The name of the reason-code document: <c>default</c>.</summary>
    public const string DocumentName = "default";

    /// <summary>
    /// Checks a reason-code table and attaches it to a model version. Saving again adds a revision; explanations use the latest, and
    /// earlier ones stay readable for audit.
    /// </summary>
    /// <param name="registry">The registry.</param>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The version the table explains.</param>
    /// <param name="table">The table.</param>
    /// <param name="reason">Why; recorded in the audit log.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The stored document.</returns>
    /// <exception cref="InvalidReasonCodeTableException">The table is invalid; the exception names the entry and field. Nothing is stored.</exception>
    /// <exception cref="ModelNotFoundException">The model does not exist.</exception>
    /// <exception cref="ModelVersionNotFoundException">The version does not exist.</exception>
    public static Task<ModelDocument> SaveReasonCodeTableAsync(
        this IModelRegistry registry,
        string modelName,
        int version,
        ReasonCodeTable table,
        string? reason = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(table);
        var content = ExplanationJson.WriteReasonCodeTable(table, modelName, version);
        return registry.AttachDocumentAsync(
            new DocumentAttachment
            {
                ModelName = modelName,
                Version = version,
                Kind = DocumentKinds.ReasonCodes,
                Name = DocumentName,
                Content = content,
                Reason = reason ?? "reason-code table",
            },
            cancellationToken);
    }

    /// <summary>Loads the latest revision of a model version's reason-code table, verified against its hash.</summary>
    /// <param name="registry">The registry.</param>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The version.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The table, or <see langword="null"/> when the version has none.</returns>
    /// <exception cref="InvalidReasonCodeTableException">The stored table is invalid (written by a newer library).</exception>
    /// <exception cref="ArtifactIntegrityException">The stored bytes do not match their hash.</exception>
    public static Task<ReasonCodeTable?> LoadReasonCodeTableAsync(this IModelRegistry registry, string modelName, int version, CancellationToken cancellationToken = default) =>
        ReadAsync(registry, modelName, version, cancellationToken);

    internal static async Task<ReasonCodeTable?> ReadAsync(IModelRegistry registry, string modelName, int version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var documents = await registry.ListDocumentsAsync(modelName, version, DocumentKinds.ReasonCodes, cancellationToken).ConfigureAwait(false);
        var latest = documents.Where(static d => string.Equals(d.Name, DocumentName, StringComparison.Ordinal)).MaxBy(static d => d.Revision);
        if (latest is null)
        {
            return null;
        }

        var content = await registry.ReadDocumentAsync(latest, cancellationToken).ConfigureAwait(false);
        return ExplanationJson.ReadReasonCodeTable(content.Span, modelName, version);
    }
}
