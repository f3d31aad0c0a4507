using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ModelOps.Sdk.S3.Tests.Infrastructure;
using ModelOps.Sdk.Storage.S3;

namespace ModelOps.Sdk.S3.Tests.Properties;

/// <summary>
/// However the bytes are split into writes, and wherever the content ends relative to a part boundary, what is committed reads back
/// exactly, under its hash, with no staging object or multipart upload left. Few cases, because each one moves megabytes through
/// the server.
/// </summary>
[Collection(S3ServerDefinition.Name)]
public sealed class S3ArtifactUploadProperties(S3ServerFixture server) : IAsyncLifetime
{
    private const int Part = S3ArtifactStoreOptions.MinPartSize;
    private string _bucket = string.Empty;

    public async Task InitializeAsync() => _bucket = await server.CreateBucketAsync("props");

    public Task DisposeAsync() => Task.CompletedTask;

    [Property(MaxTest = 4, Arbitrary = [typeof(UploadShapes)])]
    public async Task Commit_AnyLengthAroundPartBoundariesAndAnyWriteSizes_ReadsBackExactly(UploadShape shape)
    {
        await using var bed = new S3TestBed(server, _bucket);
        S3ArtifactStore store = bed.Store(new CountingHttpClientFactory());
        byte[] content = ScriptedStream.RandomBytes(shape.Length, shape.Seed);
        string sha = Convert.ToHexStringLower(SHA256.HashData(content));

        await using (var upload = await store.BeginUploadAsync())
        {
            int offset = 0;
            for (int i = 0; offset < content.Length; i++)
            {
                int size = Math.Min(shape.WriteSizes[i % shape.WriteSizes.Length], content.Length - offset);
                await upload.Content.WriteAsync(content.AsMemory(offset, size));
                offset += size;
            }

            await upload.CommitAsync(sha, content.Length);
        }

        await using Stream? read = await store.OpenReadAsync(sha);
        var copy = new MemoryStream();
        await read!.CopyToAsync(copy);
        Assert.Equal(content, copy.ToArray());
        Assert.Equal([store.GetContentKey(sha)], await bed.ObjectKeysAsync());
        Assert.Empty(await bed.MultipartUploadKeysAsync());
    }

    /// <summary>A content length near 0, 1 or 2 part sizes, and a cycle of write sizes from 4 KiB to more than a part.</summary>
    public sealed record UploadShape(int Length, int Seed, int[] WriteSizes)
    {
        public override string ToString() => $"Length = {Length}, Seed = {Seed}, WriteSizes = [{string.Join(", ", WriteSizes)}]";
    }

    public static class UploadShapes
    {
        public static Arbitrary<UploadShape> Shapes() =>
            (from parts in Gen.Choose(0, 2)
             from delta in Gen.Choose(-2, 2)
             from seed in Gen.Choose(0, int.MaxValue)
             from first in WriteSize
             from second in WriteSize
             from third in WriteSize
             from count in Gen.Choose(1, 3)
             select new UploadShape(Math.Max(0, (parts * Part) + delta), seed, new[] { first, second, third }[..count])).ToArbitrary();

        private static Gen<int> WriteSize => Gen.OneOf(Gen.Choose(4093, 65_536), Gen.Choose(65_536, Part), Gen.Choose(Part, (2 * Part) + 3));
    }
}
