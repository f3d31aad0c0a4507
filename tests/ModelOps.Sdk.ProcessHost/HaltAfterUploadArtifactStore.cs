using ModelOps.Sdk.Storage;

namespace ModelOps.Sdk.ProcessHost;

/// <summary>
/// Wraps an artifact store so that each upload, once committed by the inner store, prints <c>UPLOADED &lt;sha256&gt;</c> and waits
/// for standard input before returning to the registry: the moment after the bytes are stored and before the metadata is appended.
/// </summary>
/// <remarks>A line or the end of standard input releases it; the commit then throws, so the registration fails instead of committing.</remarks>
internal sealed class HaltAfterUploadArtifactStore(IArtifactStore inner) : IArtifactStore, IDisposable
{
    public async ValueTask<IArtifactUpload> BeginUploadAsync(CancellationToken cancellationToken = default) =>
        new Upload(await inner.BeginUploadAsync(cancellationToken));

    public ValueTask<Stream?> OpenReadAsync(string sha256, CancellationToken cancellationToken = default) => inner.OpenReadAsync(sha256, cancellationToken);

    public ValueTask<bool> ExistsAsync(string sha256, CancellationToken cancellationToken = default) => inner.ExistsAsync(sha256, cancellationToken);

    public void Dispose() => (inner as IDisposable)?.Dispose();

    private sealed class Upload(IArtifactUpload upload) : IArtifactUpload
    {
        public Stream Content => upload.Content;

        public async ValueTask CommitAsync(string sha256, long length, CancellationToken cancellationToken = default)
        {
            await upload.CommitAsync(sha256, length, cancellationToken);
            Console.WriteLine($"UPLOADED {sha256}");
            await Console.In.ReadLineAsync(cancellationToken);
            throw new IOException("The upload was released after its commit; failing the registration so that it appends no version.");
        }

        public ValueTask DisposeAsync() => upload.DisposeAsync();
    }
}
