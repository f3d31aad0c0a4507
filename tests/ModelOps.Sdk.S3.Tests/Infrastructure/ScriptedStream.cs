namespace ModelOps.Sdk.S3.Tests.Infrastructure;

/// <summary>
/// A non-seekable stream with no length over known bytes, handed out in odd-sized reads like a network stream; optionally it runs
/// an action (cancel a token, throw) once when a position is reached.
/// </summary>
public sealed class ScriptedStream(byte[] content, long interruptAt = -1, Action? interrupt = null) : Stream
{
    private const int MaxRead = 300_007;
    private long _position;
    private bool _interrupted;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException("The length is not known up front.");

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (!_interrupted && interruptAt >= 0 && _position >= interruptAt)
        {
            _interrupted = true;
            interrupt?.Invoke();
        }

        int count = (int)Math.Min(Math.Min(buffer.Length, MaxRead), content.Length - _position);
        content.AsSpan((int)_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
