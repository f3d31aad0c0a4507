namespace ModelOps.Sdk.Storage;

/// <summary>
/// An upload in progress to an <see cref="IArtifactStore"/>: bytes go to a staging place, and become visible under their
/// content address only on <see cref="CommitAsync"/>. Disposing an upload that was not committed discards the staged bytes.
/// </summary>
public interface IArtifactUpload : IAsyncDisposable
{
    /// <summary>Gets the write-only stream the registry copies the artifact into.</summary>
    Stream Content { get; }

    /// <summary>
    /// Makes the staged bytes durable and visible under <paramref name="sha256"/>. If content with that hash is already stored,
    /// the staged copy is discarded (identical bytes are stored once).
    /// </summary>
    /// <param name="sha256">The lowercase hexadecimal SHA-256 of everything written, computed by the registry while it wrote.</param>
    /// <param name="length">The number of bytes written.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A task that completes when the content is durable.</returns>
    ValueTask CommitAsync(string sha256, long length, CancellationToken cancellationToken = default);
}
