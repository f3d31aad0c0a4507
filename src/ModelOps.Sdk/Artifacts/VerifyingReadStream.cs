using System.Security.Cryptography;
using ModelOps.Sdk.Hashing;

namespace ModelOps.Sdk.Artifacts;

/// <summary>
/// A read-only stream over stored content that hashes what it hands out and, because it knows the expected length, checks the hash
/// before it returns the final bytes: a consumer never receives the whole of content whose SHA-256 does not match.
/// </summary>
internal sealed class VerifyingReadStream : Stream
{
    private readonly Stream _inner;
    private readonly string _expectedSha256;
    private readonly long _expectedLength;
    private readonly string _description;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _position;
    private bool _verified;

    public VerifyingReadStream(Stream inner, string expectedSha256, long expectedLength, string description)
    {
        _inner = inner;
        _expectedSha256 = expectedSha256;
        _expectedLength = expectedLength;
        _description = description;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _expectedLength;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException("A verifying artifact stream reads forward only.");
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = _inner.Read(buffer);
        return Account(buffer[..read], read == 0 && buffer.Length > 0);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Account(buffer.Span[..read], read == 0 && buffer.Length > 0);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A verifying artifact stream reads forward only.");

    public override void SetLength(long value) => throw new NotSupportedException("A verifying artifact stream is read-only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("A verifying artifact stream is read-only.");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync().ConfigureAwait(false);
        _hash.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private int Account(ReadOnlySpan<byte> data, bool endOfStream)
    {
        if (endOfStream)
        {
            if (_position != _expectedLength)
            {
                Fail(actual: null);
            }

            if (!_verified)
            {
                var actual = HashHex.ToHex(_hash.GetHashAndReset());
                if (!string.Equals(actual, _expectedSha256, StringComparison.Ordinal))
                {
                    Fail(actual);
                }

                _verified = true;
            }

            return 0;
        }

        if (_position + data.Length > _expectedLength)
        {
            // More bytes than were stored: the content was replaced. Hash what is there for the message.
            _hash.AppendData(data);
            Fail(HashHex.ToHex(_hash.GetHashAndReset()) + " (and is longer than stored)");
        }

        _hash.AppendData(data);
        _position += data.Length;
        if (_position == _expectedLength)
        {
            var actual = HashHex.ToHex(_hash.GetHashAndReset());
            if (!string.Equals(actual, _expectedSha256, StringComparison.Ordinal))
            {
                Fail(actual);
            }

            _verified = true;
        }

        return data.Length;
    }

    private void Fail(string? actual)
    {
        if (actual is null)
        {
            throw new ArtifactIntegrityException(_expectedSha256, $"(unknown: the content ends after {_position} of {_expectedLength} bytes)", _description);
        }

        throw new ArtifactIntegrityException(_expectedSha256, actual, _description);
    }
}
