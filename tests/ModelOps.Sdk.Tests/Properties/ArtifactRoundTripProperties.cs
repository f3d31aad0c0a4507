using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ModelOps.Sdk.Storage.InMemory;
using ModelOps.Sdk.Tests.Registry;

namespace ModelOps.Sdk.Tests.Properties;

/// <summary>Whatever bytes are registered read back exactly, through the registry's verifying stream.</summary>
public sealed class ArtifactRoundTripProperties
{
    [Property(MaxTest = 60, Arbitrary = [typeof(ArtifactContentArbitrary)])]
    public async Task OpenArtifactAsync_AnyContent_ReturnsTheRegisteredBytesExactly(ArtifactContent content)
    {
        var bytes = content.Create();
        await using var host = RegistryHost.Create();

        var version = await host.Registry.RegisterAsync(new ModelVersionRegistration
        {
            ModelName = "credit",
            Flavor = "onnx",
            Artifact = new ChunkedReadStream(bytes, content.ChunkSize),
            ExtraFiles = new Dictionary<string, Stream> { ["copy.bin"] = new MemoryStream(bytes) },
        });

        Assert.Equal((Convert.ToHexStringLower(SHA256.HashData(bytes)), (long)bytes.Length), (version.Artifact.Sha256, version.Artifact.Length));
        Assert.Equal(version.Artifact.Sha256, Assert.Single(version.ExtraFiles).Sha256);
        var artifact = await ReadAllAsync(await host.Registry.OpenArtifactAsync("credit", 1), content.ChunkSize);
        var extraFile = await ReadAllAsync(await host.Registry.OpenExtraFileAsync("credit", 1, "copy.bin"), 81_920);
        AssertSameBytes(bytes, artifact);
        AssertSameBytes(bytes, extraFile);
        Assert.True(await host.Artifacts.ExistsAsync(version.Artifact.Sha256));
    }

    [Property(MaxTest = 60, Arbitrary = [typeof(ArtifactContentArbitrary)])]
    public async Task ReadDocumentAsync_AnyContent_ReturnsTheAttachedBytesExactly(ArtifactContent content)
    {
        var bytes = content.Create();
        await using var host = RegistryHost.Create(configure: o => o.MaxDocumentBytes = 4 * 1024 * 1024);

        var document = await host.Registry.AttachDocumentAsync(new DocumentAttachment { Kind = "blob", Name = "content", Content = bytes });

        var read = await host.Registry.ReadDocumentAsync(document);
        AssertSameBytes(bytes, read.ToArray());
    }

    private static void AssertSameBytes(byte[] expected, byte[] actual) =>
        Assert.True(expected.AsSpan().SequenceEqual(actual), $"Expected {expected.Length} bytes, read {actual.Length} different ones.");

    private static async Task<byte[]> ReadAllAsync(Stream stream, int bufferSize)
    {
        await using (stream)
        {
            var result = new MemoryStream();
            var buffer = new byte[Math.Max(1, bufferSize)];
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                result.Write(buffer, 0, read);
            }

            return result.ToArray();
        }
    }

    /// <summary>Content described by a length and a seed (so a failing case prints small and replays exactly), read in chunks of a given size.</summary>
    public sealed record ArtifactContent(int Length, int Seed, int ChunkSize)
    {
        public byte[] Create()
        {
            var bytes = new byte[Length];
            new Random(Seed).NextBytes(bytes);
            return bytes;
        }
    }

    public static class ArtifactContentArbitrary
    {
        public static Arbitrary<ArtifactContent> Content()
        {
            var lengths = Gen.OneOf(
                Gen.Constant(0),
                Gen.Choose(1, 64),
                Gen.Choose(65, 70_000),
                Gen.Choose((1024 * 1024) - 2, (1024 * 1024) + 70_000));
            var generator =
                from length in lengths
                from seed in Gen.Choose(int.MinValue, int.MaxValue)
                from chunk in Gen.OneOf(Gen.Constant(1), Gen.Choose(2, 4096), Gen.Constant(1024 * 1024))
                select new ArtifactContent(length, seed, length > 100_000 && chunk == 1 ? 7 : chunk);
            return Arb.From(generator, c => Shrink(c));
        }

        private static IEnumerable<ArtifactContent> Shrink(ArtifactContent content)
        {
            if (content.Length > 0)
            {
                yield return content with { Length = 0 };
                yield return content with { Length = content.Length / 2 };
            }
        }
    }

    /// <summary>A source stream that hands out at most a given number of bytes per read, as network streams do.</summary>
    private sealed class ChunkedReadStream(byte[] content, int chunkSize) : MemoryStream(content, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunkSize));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, chunkSize)]);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, chunkSize), cancellationToken);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunkSize)], cancellationToken);
    }
}
