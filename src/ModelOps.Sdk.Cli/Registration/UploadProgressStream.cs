using System.Diagnostics;
using System.Globalization;

namespace ModelOps.Sdk.Cli.Registration;

/// <summary>
/// A read-only stream over a file being uploaded that reports how much has been read on stderr, at most a few times a second.
/// Used for large files only when stderr is a terminal (or configuration <c>Progress</c> is <c>always</c>), so pipelines' logs stay clean.
/// </summary>
internal sealed class UploadProgressStream : Stream
{
    /// <summary>Files smaller than this upload too fast to need progress.</summary>
    public const long MinimumLength = 16L * 1024 * 1024;

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly Stream _inner;
    private readonly string _label;
    private readonly TextWriter _progress;
    private readonly long _length;
    private long _position;
    private long _lastReport = long.MinValue;
    private bool _finished;

    public UploadProgressStream(Stream inner, string label, TextWriter progress)
    {
        _inner = inner;
        _label = label;
        _progress = progress;
        _length = inner.Length;
    }

    /// <summary>
    /// Wraps <paramref name="file"/> in progress reporting when it is large and <paramref name="mode"/> asks for it: <c>auto</c>
    /// (the default) only when stderr is a terminal, <c>always</c> also into logs, <c>never</c> not at all.
    /// </summary>
    public static Stream Wrap(FileStream file, string label, string? mode)
    {
        var show = mode?.Trim().ToUpperInvariant() switch
        {
            null or "" or "AUTO" => !Console.IsErrorRedirected,
            "ALWAYS" => true,
            "NEVER" => false,
            _ => throw new Errors.CliUsageException($"configuration 'Progress' is '{mode}'; expected auto, always or never"),
        };
        return show && file.Length >= MinimumLength ? new UploadProgressStream(file, label, Console.Error) : file;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Advance(_inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Advance(_inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Advance(await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Advance(int read)
    {
        _position += read;
        var now = Stopwatch.GetTimestamp();
        var done = read == 0 || _position >= _length;
        if (!_finished && (done || _lastReport == long.MinValue || Stopwatch.GetElapsedTime(_lastReport, now) >= Interval))
        {
            _lastReport = now;
            var percent = _length == 0 ? 100 : (int)(_position * 100 / _length);
            _progress.Write(string.Create(CultureInfo.InvariantCulture, $"\rUploading {_label}: {percent,3}% ({_position / 1048576.0:0.0} of {_length / 1048576.0:0.0} MiB)"));
            if (done)
            {
                _progress.WriteLine();
                _finished = true;
            }
        }

        return read;
    }
}
