using System.Runtime.InteropServices;

namespace ModelOps.Sdk.Storage.FileSystem;

/// <summary>
/// A write-only stream over an upload's temporary file that asks Linux to start writing dirty pages back to disk every few MiB
/// (<c>sync_file_range</c> with <c>SYNC_FILE_RANGE_WRITE</c>, which starts writeback without waiting for it). The disk then works
/// while the registry goes on reading and hashing, and the <c>fsync</c> at commit only waits for the tail, instead of flushing the
/// whole artifact at the end. Durability still comes from that <c>fsync</c>; this only moves the work earlier.
/// </summary>
/// <remarks>On other platforms it passes writes through unchanged.</remarks>
internal sealed partial class EarlyWritebackStream : Stream
{
    private const long WritebackChunk = 8L * 1024 * 1024;
    private const uint SyncFileRangeWrite = 2; // SYNC_FILE_RANGE_WRITE

    private readonly FileStream _inner;
    private readonly bool _enabled = OperatingSystem.IsLinux();
    private long _written;
    private long _writebackStart;

    public EarlyWritebackStream(FileStream inner)
    {
        _inner = inner;
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => _inner.CanWrite;

    public override long Length => _inner.Length;

    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException("An artifact upload is written forward only.");
    }

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("An artifact upload is write-only.");

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("An artifact upload is written forward only.");

    public override void SetLength(long value) => throw new NotSupportedException("An artifact upload is written forward only.");

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _inner.Write(buffer);
        Advance(buffer.Length);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        Advance(buffer.Length);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private void Advance(int count)
    {
        _written += count;
        if (!_enabled || _written - _writebackStart < WritebackChunk)
        {
            return;
        }

        // Bytes still in FileStream's own buffer are not in the page cache yet; start writeback only for what the kernel has.
        _inner.Flush(flushToDisk: false);
        var end = _written;
        var handle = _inner.SafeFileHandle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);

            // Best effort: a file system that does not support it (EINVAL, ESPIPE) just flushes everything at commit.
            _ = SyncFileRange((int)handle.DangerousGetHandle(), _writebackStart, end - _writebackStart, SyncFileRangeWrite);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }

        _writebackStart = end;
    }

    [LibraryImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    private static partial int SyncFileRange(int descriptor, long offset, long count, uint flags);
}
