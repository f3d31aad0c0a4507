namespace ModelOps.Sdk.Storage;

/// <summary>
/// The blob half of a storage provider: content-addressed artifact bytes, keyed by their SHA-256.
/// </summary>
/// <remarks>
/// <para>
/// The registry hashes bytes while it writes them into <see cref="IArtifactUpload.Content"/>, commits the upload, and only then
/// commits the version's metadata; so a failed or interrupted upload is never referenced. On every read the registry wraps the
/// store's stream in a verifying stream, so a store does not need to verify reads itself, and corrupt bytes can never reach a loader.
/// </para>
/// <para>Implementations must be thread-safe and must never expose partially written content under a hash.</para>
/// </remarks>
public interface IArtifactStore
{
    /// <summary>Starts an upload.</summary>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The upload.</returns>
    ValueTask<IArtifactUpload> BeginUploadAsync(CancellationToken cancellationToken = default);

    /// <summary>Opens stored content for reading.</summary>
    /// <param name="sha256">The content's lowercase hexadecimal SHA-256.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A readable stream, or <see langword="null"/> if no content with that hash is stored.</returns>
    ValueTask<Stream?> OpenReadAsync(string sha256, CancellationToken cancellationToken = default);

    /// <summary>Tells whether content with a hash is stored.</summary>
    /// <param name="sha256">The content's lowercase hexadecimal SHA-256.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns><see langword="true"/> if it is stored.</returns>
    ValueTask<bool> ExistsAsync(string sha256, CancellationToken cancellationToken = default);
}
