// Copied verbatim from docs/storage-providers.md; keep the two in step (the build compiles this file and the kit runs against it).
using System.Collections.Concurrent;
using ModelOps.Sdk.Storage;

namespace Contoso.ModelOps;

/// <summary>A single-process artifact store: uploads are staged in memory and published under their hash on commit.</summary>
public sealed class DictionaryArtifactStore : IArtifactStore
{
    private readonly ConcurrentDictionary<string, byte[]> _blobs = new(StringComparer.Ordinal);

    public ValueTask<IArtifactUpload> BeginUploadAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IArtifactUpload>(new Upload(_blobs));

    public ValueTask<Stream?> OpenReadAsync(string sha256, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<Stream?>(_blobs.TryGetValue(sha256, out var bytes) ? new MemoryStream(bytes, writable: false) : null);

    public ValueTask<bool> ExistsAsync(string sha256, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_blobs.ContainsKey(sha256));

    private sealed class Upload(ConcurrentDictionary<string, byte[]> blobs) : IArtifactUpload
    {
        private readonly MemoryStream _staging = new();

        public Stream Content => _staging;

        public ValueTask CommitAsync(string sha256, long length, CancellationToken cancellationToken = default)
        {
            if (_staging.Length != length)
            {
                throw new InvalidOperationException($"The upload holds {_staging.Length} bytes, not {length}.");
            }

            // Identical bytes are stored once; the first copy stays, and this staged copy is dropped on dispose.
            blobs.TryAdd(sha256, _staging.ToArray());
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            _staging.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
