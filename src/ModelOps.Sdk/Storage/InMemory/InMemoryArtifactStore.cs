using System.Collections.Concurrent;
using ModelOps.Sdk.Hashing;

namespace ModelOps.Sdk.Storage.InMemory;

/// <summary>
/// An artifact store that keeps content in process memory: for tests, samples and short-lived hosts. Thread-safe.
/// </summary>
/// <remarks>Every artifact is held whole in memory, so use it only for small models.</remarks>
public sealed class InMemoryArtifactStore : IArtifactStore
{
    private readonly ConcurrentDictionary<string, byte[]> _content = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public ValueTask<IArtifactUpload> BeginUploadAsync(CancellationToken cancellationToken = default) =>
        new(new Upload(this));

    /// <inheritdoc/>
    public ValueTask<Stream?> OpenReadAsync(string sha256, CancellationToken cancellationToken = default) =>
        new(_content.TryGetValue(sha256, out var bytes) ? new MemoryStream(bytes, writable: false) : null);

    /// <inheritdoc/>
    public ValueTask<bool> ExistsAsync(string sha256, CancellationToken cancellationToken = default) =>
        new(_content.ContainsKey(sha256));

    private sealed class Upload(InMemoryArtifactStore store) : IArtifactUpload
    {
        private readonly MemoryStream _buffer = new();
        private bool _committed;

        public Stream Content => _buffer;

        public ValueTask CommitAsync(string sha256, long length, CancellationToken cancellationToken = default)
        {
            ObjectDisposedException.ThrowIf(_committed, this);
            if (!HashHex.IsSha256Hex(sha256))
            {
                throw new ArgumentException($"'{sha256}' is not a lowercase hexadecimal SHA-256.", nameof(sha256));
            }

            if (_buffer.Length != length)
            {
                throw new ArgumentException($"{_buffer.Length} bytes were written but the commit says {length}.", nameof(length));
            }

            cancellationToken.ThrowIfCancellationRequested();
            store._content.TryAdd(sha256, _buffer.ToArray());
            _committed = true;
            return default;
        }

        public ValueTask DisposeAsync()
        {
            _buffer.Dispose();
            return default;
        }
    }
}
