using System.Buffers;
using System.Security.Cryptography;
using ModelOps.Sdk.Hashing;
using ModelOps.Sdk.Storage;

namespace ModelOps.Sdk.Artifacts;

/// <summary>
/// Streams content into an <see cref="IArtifactStore"/> while hashing it, so the bytes are read once and never buffered whole.
/// </summary>
internal static class ArtifactUploader
{
    private const int BufferSize = 1024 * 1024;

    public static async Task<(string Sha256, long Length)> UploadAsync(IArtifactStore store, Stream source, CancellationToken cancellationToken)
    {
        if (!source.CanRead)
        {
            throw new ArgumentException("The artifact stream must be readable.", nameof(source));
        }

        var upload = await store.BeginUploadAsync(cancellationToken).ConfigureAwait(false);
        await using (upload.ConfigureAwait(false))
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            long length = 0;
            try
            {
                int read;
                while ((read = await source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await upload.Content.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    length += read;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            await upload.Content.FlushAsync(cancellationToken).ConfigureAwait(false);
            var sha256 = HashHex.ToHex(hash.GetHashAndReset());
            await upload.CommitAsync(sha256, length, cancellationToken).ConfigureAwait(false);
            return (sha256, length);
        }
    }

    public static async Task<(string Sha256, long Length)> UploadAsync(IArtifactStore store, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var sha256 = HashHex.ToHex(SHA256.HashData(content.Span));
        var upload = await store.BeginUploadAsync(cancellationToken).ConfigureAwait(false);
        await using (upload.ConfigureAwait(false))
        {
            await upload.Content.WriteAsync(content, cancellationToken).ConfigureAwait(false);
            await upload.Content.FlushAsync(cancellationToken).ConfigureAwait(false);
            await upload.CommitAsync(sha256, content.Length, cancellationToken).ConfigureAwait(false);
        }

        return (sha256, content.Length);
    }
}
