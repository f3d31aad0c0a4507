namespace ModelOps.Sdk;

/// <summary>
/// Thrown when a purged document's content is read. Its metadata (kind, name, revision, hash, who attached it) stays listed, with
/// <see cref="ModelDocument.Purged"/> set.
/// </summary>
public sealed class DocumentPurgedException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="DocumentPurgedException"/> class.</summary>
    /// <param name="document">The purged document.</param>
    /// <param name="purge">When, by whom and why it was purged.</param>
    public DocumentPurgedException(ModelDocument document, PurgeRecord purge)
        : base($"Document '{document?.Kind}/{document?.Name}' revision {document?.Revision}"
            + (document?.ModelName is null ? " of the registry" : $" of model '{document.ModelName}'" + (document.Version is { } v ? $" version {v}" : ""))
            + $" was purged at {purge?.PurgedAt:O} by {purge?.PurgedBy}"
            + (string.IsNullOrWhiteSpace(purge?.Reason) ? "" : $" ({purge.Reason})")
            + ": its metadata and hash are kept, its content is not served.")
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(purge);
        Document = document;
        Purge = purge;
    }

    /// <summary>Gets the purged document.</summary>
    public ModelDocument Document { get; }

    /// <summary>Gets the model the document belongs to, or <see langword="null"/> for a registry-level document.</summary>
    public string? ModelName => Document.ModelName;

    /// <summary>Gets the version the document belongs to, or <see langword="null"/> for a model-level or registry-level document.</summary>
    public int? Version => Document.Version;

    /// <summary>Gets when, by whom and why the document was purged.</summary>
    public PurgeRecord Purge { get; }
}
