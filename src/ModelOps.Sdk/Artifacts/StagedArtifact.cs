using ModelOps.Sdk.Storage;

namespace ModelOps.Sdk.Artifacts;

/// <summary>
/// Content written to an artifact store's staging area and hashed, not yet visible under its content address:
/// <see cref="PublishAsync"/> makes it durable and visible; disposing it unpublished discards the staged bytes.
/// </summary>
internal sealed class StagedArtifact : IAsyncDisposable
{
    private readonly IArtifactUpload _upload;

    public StagedArtifact(IArtifactUpload upload, string sha256, long length, ReadOnlyMemory<byte>? content)
    {
        _upload = upload;
        Sha256 = sha256;
        Length = length;
        Content = content;
    }

    /// <summary>Gets the lowercase hexadecimal SHA-256 of the staged bytes.</summary>
    public string Sha256 { get; }

    /// <summary>Gets the number of staged bytes.</summary>
    public long Length { get; }

    /// <summary>Gets the staged bytes as they were hashed, when the caller asked to keep them.</summary>
    public ReadOnlyMemory<byte>? Content { get; }

    /// <summary>Makes the staged bytes durable and visible under <see cref="Sha256"/>.</summary>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A task that completes when the content is durable.</returns>
    public ValueTask PublishAsync(CancellationToken cancellationToken) => _upload.CommitAsync(Sha256, Length, cancellationToken);

    public ValueTask DisposeAsync() => _upload.DisposeAsync();
}
