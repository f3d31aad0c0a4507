namespace ModelOps.Sdk;

/// <summary>
/// A fact learned about a model version (or about the registry) after registration, such as a reference profile, a gate report,
/// a model card or an approval, stored as a separate, append-only, hash-verified document.
/// </summary>
/// <remarks>
/// Attaching a document with the same kind and name again adds a new revision; earlier revisions stay readable.
/// </remarks>
/// <param name="ModelName">The model's name, or <see langword="null"/> for a registry-level document.</param>
/// <param name="Version">The version, or <see langword="null"/> for a model-level or registry-level document.</param>
/// <param name="Kind">What sort of document this is, for example <c>reference-profile</c> or <c>experiment</c>.</param>
/// <param name="Name">The document's name within its kind.</param>
/// <param name="MediaType">The content's media type, for example <c>application/json</c>.</param>
/// <param name="Sha256">The lowercase hexadecimal SHA-256 of the content.</param>
/// <param name="Length">The content's length in bytes.</param>
/// <param name="Revision">1 for the first document of this kind and name at this place, then 2, 3, ...</param>
/// <param name="AttachedAt">When it was attached.</param>
/// <param name="AttachedBy">Who attached it.</param>
/// <param name="Sequence">The registry-wide sequence number of the attachment.</param>
public sealed record ModelDocument(
    string? ModelName,
    int? Version,
    string Kind,
    string Name,
    string MediaType,
    string Sha256,
    long Length,
    int Revision,
    DateTimeOffset AttachedAt,
    string AttachedBy,
    long Sequence)
{
    /// <summary>
    /// Gets when, by whom and why the document was purged, or <see langword="null"/> while it is not. A purged document keeps its
    /// metadata and hash; its content is no longer served (<see cref="DocumentPurgedException"/>).
    /// </summary>
    public PurgeRecord? Purged { get; init; }
}
