using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using Amazon.S3.Model;

namespace ModelOps.Sdk.Storage.S3;

/// <summary>
/// An upload to an <see cref="S3ArtifactStore"/>: bytes are hashed as they arrive and buffered one part at a time; a full part is
/// sent as a part of a multipart upload of the staging key. On commit the hash is checked, then the content is published under its
/// content key (one <c>PutObject</c> when it fits in one part, else complete, server-side copy, delete staging).
/// </summary>
/// <remarks>Like a stream, an upload is used by one caller at a time.</remarks>
internal sealed class S3ArtifactUpload : IArtifactUpload
{
    private const int MaxParts = 10_000;

    private readonly S3ArtifactStore _store;
    private readonly string _stagingKey;
    private readonly int _partSize;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly List<PartETag> _parts = [];
    private readonly ContentStream _content;
    private byte[]? _buffer;
    private int _filled;
    private long _length;
    private string? _uploadId;
    private bool _stagingObjectExists;
    private bool _failed;
    private bool _committed;
    private bool _disposed;

    public S3ArtifactUpload(S3ArtifactStore store, string stagingKey)
    {
        _store = store;
        _stagingKey = stagingKey;
        _partSize = store.Options.PartSize;
        _content = new ContentStream(this);
        store.TrackStaging(stagingKey);
    }

    public Stream Content
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _content;
        }
    }

    public async ValueTask CommitAsync(string sha256, long length, CancellationToken cancellationToken = default)
    {
        ThrowIfNotWritable();
        S3ArtifactStore.ThrowIfNotSha256(sha256, nameof(sha256));
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length != _length)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The upload holds {_length} bytes, but the commit says {length}: pass the number of bytes written to Content."),
                nameof(length));
        }

        string actual = Convert.ToHexStringLower(_hash.GetCurrentHash());
        if (!string.Equals(actual, sha256, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The bytes written hash to SHA-256 {actual}, but the commit says {sha256}: nothing was published.",
                nameof(sha256));
        }

        string contentKey = _store.GetContentKey(sha256);
        try
        {
            if (_uploadId is null)
            {
                await PublishSinglePartAsync(sha256, contentKey, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await PublishMultipartAsync(sha256, contentKey, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            _failed = true;
            throw;
        }

        _committed = true;
        ReleaseBuffer();
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        ReleaseBuffer();
        _hash.Dispose();
        try
        {
            if (!_committed && _uploadId is not null && !_stagingObjectExists)
            {
                await _store.AbortMultipartUploadAsync(_stagingKey, _uploadId).ConfigureAwait(false);
            }

            if (_stagingObjectExists)
            {
                await _store.TryDeleteObjectAsync(_stagingKey).ConfigureAwait(false);
            }
        }
        finally
        {
            _store.ForgetStaging(_stagingKey);
        }
    }

    private async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        ThrowIfNotWritable();
        while (data.Length > 0)
        {
            // A full buffer is sent only when more bytes follow, so content of exactly one part still goes up in one PutObject.
            if (_filled == _partSize)
            {
                await SendPartAsync(cancellationToken).ConfigureAwait(false);
            }

            _buffer ??= ArrayPool<byte>.Shared.Rent(_partSize);
            int count = Math.Min(_partSize - _filled, data.Length);
            ReadOnlyMemory<byte> chunk = data[..count];
            chunk.CopyTo(_buffer.AsMemory(_filled));
            _hash.AppendData(chunk.Span);
            _filled += count;
            _length += count;
            data = data[count..];
        }
    }

    private async ValueTask SendPartAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_parts.Count == MaxParts)
            {
                throw new S3ArtifactStoreException(
                    string.Create(CultureInfo.InvariantCulture, $"The artifact is larger than S3's limit of {MaxParts} parts of {_partSize} bytes: raise S3ArtifactStoreOptions.PartSize."),
                    "UploadPart",
                    _store.BucketName,
                    _stagingKey,
                    innerException: null);
            }

            _uploadId ??= await _store.CreateMultipartUploadAsync(_stagingKey, cancellationToken).ConfigureAwait(false);
            int partNumber = _parts.Count + 1;
            UploadPartResponse response = await _store.Runner.RunAsync(
                "UploadPart",
                _stagingKey,
                (Store: _store, Key: _stagingKey, UploadId: _uploadId, Part: partNumber, Buffer: _buffer!, Count: _filled),
                static async (state, token) =>
                {
                    // A new stream per attempt: a retry sends the part again from its first byte.
                    using var body = new MemoryStream(state.Buffer, 0, state.Count, writable: false);
                    return await state.Store.Client.UploadPartAsync(
                        new UploadPartRequest
                        {
                            BucketName = state.Store.BucketName,
                            Key = state.Key,
                            UploadId = state.UploadId,
                            PartNumber = state.Part,
                            PartSize = state.Count,
                            InputStream = body,
                        },
                        token).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
            _parts.Add(new PartETag(partNumber, response.ETag));
            _filled = 0;
        }
        catch
        {
            _failed = true;
            throw;
        }
    }

    private async ValueTask PublishSinglePartAsync(string sha256, string contentKey, CancellationToken cancellationToken)
    {
        // The hash is verified, so the bytes may go straight to their content key: a PUT is atomic, and a concurrent PUT of the
        // same key carries the same bytes. Content already stored is put again, which refreshes its last-modified time: garbage
        // collection then sees it as young until this registration has appended its metadata.
        await PutContentAsync(contentKey, cancellationToken).ConfigureAwait(false);
        S3StorageLog.Published(_store.Logger, sha256, _length, contentKey);
        await _store.CommitPublishedAsync(sha256, token => PutContentAsync(contentKey, token), cancellationToken).ConfigureAwait(false);
    }

    private ValueTask PutContentAsync(string contentKey, CancellationToken cancellationToken) =>
        _store.PutObjectAsync(contentKey, _buffer, _filled, cancellationToken);

    private async ValueTask PublishMultipartAsync(string sha256, string contentKey, CancellationToken cancellationToken)
    {
        if (_filled > 0)
        {
            await SendPartAsync(cancellationToken).ConfigureAwait(false);
        }

        await _store.CompleteMultipartUploadAsync(_stagingKey, _uploadId!, _parts, cancellationToken).ConfigureAwait(false);
        _stagingObjectExists = true;
        ReleaseBuffer();

        // Copied even when the content is already stored: the copy refreshes its last-modified time for garbage collection.
        await _store.CopyToContentKeyAsync(_stagingKey, contentKey, _length, cancellationToken).ConfigureAwait(false);
        S3StorageLog.Published(_store.Logger, sha256, _length, contentKey);

        // The staging object is kept until then: it is the copy published again if a collector deleted the content meanwhile.
        await _store.CommitPublishedAsync(sha256, token => _store.CopyToContentKeyAsync(_stagingKey, contentKey, _length, token), cancellationToken).ConfigureAwait(false);

        // The content is durable under its key; a staging object that cannot be deleted now is left for the cleanup.
        if (await _store.TryDeleteObjectAsync(_stagingKey).ConfigureAwait(false))
        {
            _stagingObjectExists = false;
        }
    }

    private void ThrowIfNotWritable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_committed)
        {
            throw new InvalidOperationException("The upload is already committed.");
        }

        if (_failed)
        {
            throw new InvalidOperationException("The upload failed earlier; dispose it and start a new one.");
        }
    }

    private void ReleaseBuffer()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The write-only stream handed to the registry; it forwards to the upload.</summary>
    private sealed class ContentStream(S3ArtifactUpload upload) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => !upload._disposed && !upload._committed;

        public override long Length => throw new NotSupportedException("An S3 upload stream is write-only and forward-only.");

        public override long Position
        {
            get => upload._length;
            set => throw new NotSupportedException("An S3 upload stream is write-only and forward-only.");
        }

        public override void Flush()
        {
            // Parts are sent when full; S3 accepts no part under 5 MiB but the last, so a flush cannot send a partial part.
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("An S3 upload stream is write-only.");

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("An S3 upload stream is write-only and forward-only.");

        public override void SetLength(long value) => throw new NotSupportedException("An S3 upload stream is write-only and forward-only.");

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer) =>
            upload.WriteAsync(buffer.ToArray(), CancellationToken.None).AsTask().GetAwaiter().GetResult();

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            upload.WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            upload.WriteAsync(buffer, cancellationToken);
    }
}
