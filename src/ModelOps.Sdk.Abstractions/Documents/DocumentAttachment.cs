namespace ModelOps.Sdk;

/// <summary>
/// A document to attach to a model version, to a model, or to the registry.
/// </summary>
public sealed class DocumentAttachment
{
    /// <summary>Gets the model's name, or <see langword="null"/> for a registry-level document.</summary>
    public string? ModelName { get; init; }

    /// <summary>Gets the version, or <see langword="null"/> for a model-level document. Requires <see cref="ModelName"/>.</summary>
    public int? Version { get; init; }

    /// <summary>Gets the document's kind (a name, see <see cref="InvalidModelNameException"/> for the rules).</summary>
    public required string Kind { get; init; }

    /// <summary>Gets the document's name within its kind (same rules as <see cref="Kind"/>).</summary>
    public required string Name { get; init; }

    /// <summary>Gets the content's media type.</summary>
    public string MediaType { get; init; } = "application/json";

    /// <summary>Gets the content. Documents are metadata-sized; see <see cref="ModelOpsOptions.MaxDocumentBytes"/>.</summary>
    public required ReadOnlyMemory<byte> Content { get; init; }

    /// <summary>Gets why the document is attached; recorded in the audit log.</summary>
    public string? Reason { get; init; }

    /// <summary>
    /// Gets the revision this attachment replaces: when set, the document is attached only if the latest revision at its place
    /// (model, version, kind and name) is this one, <c>0</c> meaning that there is none yet. Otherwise a
    /// <see cref="DocumentRevisionConflictException"/> is thrown and nothing is attached.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: attach whatever the latest revision is.</value>
    /// <remarks>
    /// This is how instances of a fleet that take the same decision act once: each reads the document, decides, and attaches the
    /// next revision expecting the one it read; the instance that comes second finds another revision and changes nothing. The
    /// check and the write are one atomic journal append, on every store.
    /// </remarks>
    public int? ExpectedRevision { get; init; }
}
