namespace ModelOps.Sdk.ProcessHost;

/// <summary>
/// A read-only, non-seekable stream of seeded pseudo-random bytes that halts in the middle: on the first read past half of its length
/// it prints <c>HALFWAY</c> and waits for standard input, so a test can kill the reader while an artifact is half uploaded.
/// </summary>
/// <remarks>A line or the end of standard input releases it; the read then throws, so the registration fails instead of committing.</remarks>
internal sealed class HaltingArtifactStream(long length, int seed) : Stream
{
    private readonly Random _random = new(seed);
    private long _position;
    private bool _halted;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!_halted && _position >= length / 2)
        {
            _halted = true;
            Console.WriteLine("HALFWAY");
            await Console.In.ReadLineAsync(cancellationToken);
            throw Released();
        }

        return Produce(buffer.Span);
    }

    public override int Read(Span<byte> buffer)
    {
        if (!_halted && _position >= length / 2)
        {
            _halted = true;
            Console.WriteLine("HALFWAY");
            Console.In.ReadLine();
            throw Released();
        }

        return Produce(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private static IOException Released() =>
        new("The artifact stream was released from its halt; failing the registration so that it does not commit.");

    private int Produce(Span<byte> buffer)
    {
        int count = (int)Math.Min(buffer.Length, length - _position);
        _random.NextBytes(buffer[..count]);
        _position += count;
        return count;
    }
}
