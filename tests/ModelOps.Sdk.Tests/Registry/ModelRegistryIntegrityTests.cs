using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Storage.InMemory;

namespace ModelOps.Sdk.Tests.Registry;

/// <summary>Corrupt, truncated, extended or missing stored bytes never reach a reader whole: the verifying stream throws first.</summary>
public sealed class ModelRegistryIntegrityTests
{
    public static TheoryData<string> Corruptions { get; } = ["flip", "truncate", "extend"];

    [Theory]
    [MemberData(nameof(Corruptions))]
    public async Task OpenArtifactAsync_StoredBytesCorrupted_ThrowsArtifactIntegrityBeforeHandingOutABadByte(string corruption)
    {
        var store = new CorruptingArtifactStore();
        await using var host = RegistryHost.Create(artifacts: store);
        var content = Enumerable.Range(0, 10_000).Select(i => (byte)i).ToArray();
        var version = await host.Registry.RegisterAsync(RegistryHost.Registration("credit", content));
        store.Corruption = corruption;

        var stream = await host.Registry.OpenArtifactAsync("credit", 1);
        var handedOut = 0;
        var ex = await Assert.ThrowsAsync<ArtifactIntegrityException>(async () =>
        {
            await using (stream)
            {
                var buffer = new byte[1000];
                int read;
                while ((read = await stream.ReadAsync(buffer)) > 0)
                {
                    handedOut += read;
                }
            }
        });

        Assert.Equal(version.Artifact.Sha256, ex.ExpectedSha256);
        Assert.NotNull(ex.ActualSha256);
        // Flipped or missing bytes: the last genuine bytes are held back. Extra bytes: the genuine content may be handed out whole, never a byte more.
        var limit = corruption == "extend" ? content.Length : content.Length - 1;
        Assert.True(handedOut <= limit, $"The reader received {handedOut} of {content.Length} bytes before the failure.");
        Assert.Contains("model 'credit' version 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenArtifactAsync_ContentMissingFromStore_ThrowsArtifactIntegrityWithoutActualHash()
    {
        var store = new CorruptingArtifactStore();
        await using var host = RegistryHost.Create(artifacts: store);
        var version = await host.Registry.RegisterAsync(RegistryHost.Registration("credit"));
        store.Corruption = "missing";

        var ex = await Assert.ThrowsAsync<ArtifactIntegrityException>(() => host.Registry.OpenArtifactAsync("credit", 1));

        Assert.Equal(version.Artifact.Sha256, ex.ExpectedSha256);
        Assert.Null(ex.ActualSha256);
    }

    [Theory]
    [MemberData(nameof(Corruptions))]
    public async Task ReadDocumentAsync_StoredBytesCorrupted_ThrowsArtifactIntegrity(string corruption)
    {
        var store = new CorruptingArtifactStore();
        await using var host = RegistryHost.Create(artifacts: store);
        var document = await host.Registry.AttachDocumentAsync(new DocumentAttachment { Kind = "policy", Name = "global", Content = new byte[5000] });
        store.Corruption = corruption;

        var ex = await Assert.ThrowsAsync<ArtifactIntegrityException>(() => host.Registry.ReadDocumentAsync(document));

        Assert.Equal(document.Sha256, ex.ExpectedSha256);
    }

    /// <summary>An in-memory artifact store whose reads can be made to return damaged content.</summary>
    private sealed class CorruptingArtifactStore : IArtifactStore
    {
        private readonly InMemoryArtifactStore _inner = new();

        public string? Corruption { get; set; }

        public ValueTask<IArtifactUpload> BeginUploadAsync(CancellationToken cancellationToken = default) => _inner.BeginUploadAsync(cancellationToken);

        public ValueTask<bool> ExistsAsync(string sha256, CancellationToken cancellationToken = default) => _inner.ExistsAsync(sha256, cancellationToken);

        public async ValueTask<Stream?> OpenReadAsync(string sha256, CancellationToken cancellationToken = default)
        {
            if (Corruption == "missing")
            {
                return null;
            }

            var stream = await _inner.OpenReadAsync(sha256, cancellationToken);
            if (stream is null || Corruption is null)
            {
                return stream;
            }

            var bytes = new MemoryStream();
            await stream.CopyToAsync(bytes, cancellationToken);
            var content = bytes.ToArray();
            content = Corruption switch
            {
                "flip" => Flip(content),
                "truncate" => content[..^1],
                _ => [.. content, 0],
            };
            return new MemoryStream(content, writable: false);
        }

        private static byte[] Flip(byte[] content)
        {
            content[content.Length / 2] ^= 0x01;
            return content;
        }
    }
}
