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
        var staged = await StageAsync(store, source, keepContent: false, cancellationToken).ConfigureAwait(false);
        await using (staged.ConfigureAwait(false))
        {
            await staged.PublishAsync(cancellationToken).ConfigureAwait(false);
            return (staged.Sha256, staged.Length);
        }
    }

    /// <summary>
    /// Streams content into a store's staging area while hashing it, without publishing it: the caller publishes the result once it
    /// accepts the content, and disposing an unpublished result discards the staged bytes.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="source">The content.</param>
    /// <param name="keepContent">Whether to also keep the bytes in memory (for a flavor to inspect the very bytes that were hashed).</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The staged content; dispose it.</returns>
    public static async Task<StagedArtifact> StageAsync(IArtifactStore store, Stream source, bool keepContent, CancellationToken cancellationToken)
    {
        if (!source.CanRead)
        {
            throw new ArgumentException("The artifact stream must be readable.", nameof(source));
        }

        var upload = await store.BeginUploadAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var kept = keepContent ? new MemoryStream(InitialCapacity(source)) : null;

            // Two buffers, three stages in flight: while chunk i is written (by the store) it is hashed on another thread, and
            // chunk i + 1 is read as soon as the write of chunk i - 1 is done. Throughput approaches that of the slowest stage
            // instead of the sum of all three.
            var buffers = new[] { ArrayPool<byte>.Shared.Rent(BufferSize), ArrayPool<byte>.Shared.Rent(BufferSize) };
            long length = 0;
            Task pending = Task.CompletedTask;
            try
            {
                for (var current = 0; ; current ^= 1)
                {
                    var buffer = buffers[current];
                    var read = await ReadChunkAsync(source, buffer, cancellationToken).ConfigureAwait(false);
                    await pending.ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    if (kept is not null && length + read > Array.MaxLength)
                    {
                        throw new NotSupportedException($"Content of more than {Array.MaxLength} bytes cannot be handed to a flavor in memory.");
                    }

                    var hashing = Task.Run(
                        () =>
                        {
                            hash.AppendData(buffer, 0, read);
                            kept?.Write(buffer, 0, read);
                        },
                        cancellationToken);
                    var writing = upload.Content.WriteAsync(buffer.AsMemory(0, read), cancellationToken).AsTask();
                    pending = Task.WhenAll(hashing, writing);
                    length += read;
                }
            }
            finally
            {
                // Never return a buffer that a hashing or writing task may still use.
                await pending.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                ArrayPool<byte>.Shared.Return(buffers[0]);
                ArrayPool<byte>.Shared.Return(buffers[1]);
            }

            await upload.Content.FlushAsync(cancellationToken).ConfigureAwait(false);
            var content = kept is null ? (ReadOnlyMemory<byte>?)null : kept.GetBuffer().AsMemory(0, (int)kept.Length);
            return new StagedArtifact(upload, HashHex.ToHex(hash.GetHashAndReset()), length, content);
        }
        catch
        {
            await upload.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static int InitialCapacity(Stream source)
    {
        try
        {
            return source.CanSeek ? (int)Math.Clamp(source.Length - source.Position, 0, Array.MaxLength) : 0;
        }
        catch (NotSupportedException)
        {
            return 0;
        }
    }

    /// <summary>Fills the buffer as far as the source allows, so small reads from network streams do not become small writes.</summary>
    private static async ValueTask<int> ReadChunkAsync(Stream source, byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < BufferSize)
        {
            var read = await source.ReadAsync(buffer.AsMemory(filled, BufferSize - filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled;
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
