using System.Globalization;

namespace ModelOps.Sdk.Storage.FileSystem;

/// <summary>
/// An upload to a <see cref="FileSystemArtifactStore"/>: the bytes go to a temporary file that is flushed and renamed into its content
/// address on commit, or deleted on dispose.
/// </summary>
/// <remarks>Like a stream, an upload is used by one caller at a time.</remarks>
internal sealed class FileSystemArtifactUpload : IArtifactUpload
{
    private readonly FileSystemArtifactStore _store;
    private readonly string _temporaryFile;
    private readonly FileStream _content;
    private readonly EarlyWritebackStream _writer;
    private bool _committed;
    private bool _disposed;

    public FileSystemArtifactUpload(FileSystemArtifactStore store, string temporaryFile, FileStream content)
    {
        _store = store;
        _temporaryFile = temporaryFile;
        _content = content;
        _writer = new EarlyWritebackStream(content);
    }

    public Stream Content
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _writer;
        }
    }

    public async ValueTask CommitAsync(string sha256, long length, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_committed)
        {
            throw new InvalidOperationException("The upload is already committed.");
        }

        FileSystemArtifactStore.ThrowIfNotSha256(sha256, nameof(sha256));
        ArgumentOutOfRangeException.ThrowIfNegative(length);

        long written;
        if (_content.CanWrite)
        {
            await _content.FlushAsync(cancellationToken).ConfigureAwait(false);
            _content.Flush(flushToDisk: true);
            written = _content.Length;
            await _content.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            // The caller disposed Content before committing: its buffered bytes were written on dispose, so flush the file through a
            // new handle (fsync applies to the file, not to one descriptor).
            using var reopened = new FileStream(_temporaryFile, FileMode.Open, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
            reopened.Flush(flushToDisk: true);
            written = reopened.Length;
        }

        if (written != length)
        {
            throw new ArgumentException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"The upload holds {written} bytes, but the commit says {length}: pass the number of bytes written to Content."),
                nameof(length));
        }

        cancellationToken.ThrowIfCancellationRequested();
        _store.Publish(_temporaryFile, sha256);
        _committed = true;
        _store.Forget(_temporaryFile);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _content.DisposeAsync().ConfigureAwait(false);
        if (!_committed)
        {
            _store.Discard(_temporaryFile);
        }
    }
}
