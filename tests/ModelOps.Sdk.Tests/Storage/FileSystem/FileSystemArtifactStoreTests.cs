using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Storage.FileSystem;

namespace ModelOps.Sdk.Tests.Storage.FileSystem;

public sealed class FileSystemArtifactStoreTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task CommitAsync_ThenOpenReadAsync_ReturnsTheBytesFromTheContentAddress()
    {
        var store = new FileSystemArtifactStore(_directory.Options());
        byte[] bytes = RandomBytes(300_000);
        string sha256 = Sha256(bytes);

        await UploadAsync(store, bytes, sha256);

        Assert.True(await store.ExistsAsync(sha256));
        Assert.True(File.Exists(Path.Combine(_directory.Blobs, sha256[..2], sha256)));
        Assert.Empty(Directory.GetFiles(_directory.TemporaryFiles));
        await using Stream? stream = await new FileSystemArtifactStore(_directory.Options()).OpenReadAsync(sha256);
        Assert.NotNull(stream);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task CommitAsync_ContentAlreadyStored_DiscardsTheNewCopyAndRefreshesTheStoredOne()
    {
        var store = new FileSystemArtifactStore(_directory.Options());
        byte[] bytes = RandomBytes(1000);
        string sha256 = Sha256(bytes);
        await UploadAsync(store, bytes, sha256);
        string blob = Path.Combine(_directory.Blobs, sha256[..2], sha256);
        var later = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(File.GetLastWriteTimeUtc(blob), TimeSpan.Zero).AddHours(1));

        // The refresh is what garbage collection reads: a registration that deduplicates onto an old blob makes it young.
        await UploadAsync(new FileSystemArtifactStore(_directory.Options(), later), bytes, sha256);

        Assert.Single(Directory.GetFiles(_directory.Blobs, "*", SearchOption.AllDirectories));
        Assert.Equal(later.GetUtcNow().UtcDateTime, File.GetLastWriteTimeUtc(blob));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(blob));
        Assert.Empty(Directory.GetFiles(_directory.TemporaryFiles));
    }

    [Fact]
    public async Task CommitAsync_EmptyContent_IsStored()
    {
        var store = new FileSystemArtifactStore(_directory.Options());
        string sha256 = Sha256([]);

        await UploadAsync(store, [], sha256);

        await using Stream? stream = await store.OpenReadAsync(sha256);
        Assert.Equal(0, stream!.Length);
    }

    [Fact]
    public async Task DisposeAsync_Uncommitted_DeletesTheTemporaryFileAndStoresNothing()
    {
        var store = new FileSystemArtifactStore(_directory.Options());
        byte[] bytes = RandomBytes(5000);

        await using (IArtifactUpload upload = await store.BeginUploadAsync())
        {
            await upload.Content.WriteAsync(bytes);
            await upload.Content.FlushAsync();
            Assert.Single(Directory.GetFiles(_directory.TemporaryFiles));
        }

        Assert.Empty(Directory.GetFiles(_directory.TemporaryFiles));
        Assert.False(await store.ExistsAsync(Sha256(bytes)));
        Assert.Empty(Directory.GetFiles(_directory.Blobs, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task CommitAsync_LengthDiffersFromBytesWritten_ThrowsAndPublishesNothing()
    {
        var store = new FileSystemArtifactStore(_directory.Options());
        byte[] bytes = RandomBytes(100);
        string sha256 = Sha256(bytes);

        await using (IArtifactUpload upload = await store.BeginUploadAsync())
        {
            await upload.Content.WriteAsync(bytes);
            var exception = await Assert.ThrowsAsync<ArgumentException>(() => upload.CommitAsync(sha256, 101).AsTask());
            Assert.Equal("length", exception.ParamName);
            Assert.Contains("holds 100 bytes", exception.Message, StringComparison.Ordinal);
        }

        Assert.False(await store.ExistsAsync(sha256));
        Assert.Empty(Directory.GetFiles(_directory.TemporaryFiles));
    }

    [Fact]
    public async Task CommitAsync_ContentStreamDisposedFirst_StillCommitsEveryByte()
    {
        var store = new FileSystemArtifactStore(_directory.Options());
        byte[] bytes = RandomBytes(70_000);
        string sha256 = Sha256(bytes);

        await using (IArtifactUpload upload = await store.BeginUploadAsync())
        {
            await upload.Content.WriteAsync(bytes);
            await upload.Content.DisposeAsync();
            await upload.CommitAsync(sha256, bytes.Length);
        }

        await using Stream? stream = await store.OpenReadAsync(sha256);
        Assert.Equal(bytes.Length, stream!.Length);
    }

    [Theory]
    [InlineData("ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef0123456789")]
    [InlineData("abc")]
    [InlineData("../../../../../../../../../../../../../../../../../../etc/passwd")]
    [InlineData("g000000000000000000000000000000000000000000000000000000000000000")]
    public async Task OpenReadAsync_NotALowercaseSha256_ThrowsArgumentException(string sha256)
    {
        var store = new FileSystemArtifactStore(_directory.Options());

        var exception = await Assert.ThrowsAsync<ArgumentException>(() => store.OpenReadAsync(sha256).AsTask());

        Assert.Contains("64 characters", exception.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => store.ExistsAsync(sha256).AsTask());
        await using IArtifactUpload upload = await store.BeginUploadAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => upload.CommitAsync(sha256, 0).AsTask());
    }

    [Fact]
    public async Task OpenReadAsync_UnknownHash_ReturnsNull()
    {
        var store = new FileSystemArtifactStore(_directory.Options());
        string sha256 = Sha256([1, 2, 3]);

        Assert.Null(await store.OpenReadAsync(sha256));
        Assert.False(await store.ExistsAsync(sha256));
    }

    [Fact]
    public void Constructor_TemporaryFileOfAProcessThatNoLongerRuns_DeletesIt()
    {
        Directory.CreateDirectory(_directory.TemporaryFiles);
        string orphan = Path.Combine(_directory.TemporaryFiles, $"{DeadProcessId()}-{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(orphan, [1, 2, 3]);

        _ = new FileSystemArtifactStore(_directory.Options());

        Assert.False(File.Exists(orphan));
    }

    [Fact]
    public void Constructor_RecentTemporaryFileOfARunningProcess_KeepsIt()
    {
        Directory.CreateDirectory(_directory.TemporaryFiles);
        string live = Path.Combine(_directory.TemporaryFiles, $"{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(live, [1, 2, 3]);

        _ = new FileSystemArtifactStore(_directory.Options());

        Assert.True(File.Exists(live));
    }

    [Fact]
    public void Constructor_TemporaryFileOlderThanTheRetention_DeletesItEvenThoughItsProcessRuns()
    {
        Directory.CreateDirectory(_directory.TemporaryFiles);
        string stale = Path.Combine(_directory.TemporaryFiles, $"{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(stale, [1, 2, 3]);
        var time = new FakeTimeProvider(File.GetLastWriteTimeUtc(stale) + TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));

        _ = new FileSystemArtifactStore(_directory.Options(), time);

        Assert.False(File.Exists(stale));
    }

    [Fact]
    public async Task BeginUploadAsync_AQuarterOfTheRetentionAfterTheLastCleanup_DeletesNewOrphansButNotActiveUploads()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = new FileSystemArtifactStore(_directory.Options(), time);
        string orphan = Path.Combine(_directory.TemporaryFiles, $"{DeadProcessId()}-{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(orphan, [1]);

        await using IArtifactUpload active = await store.BeginUploadAsync();
        Assert.True(File.Exists(orphan)); // the last cleanup was too recent

        time.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromHours(1)); // past the interval, and the active upload is "old" too
        await using IArtifactUpload next = await store.BeginUploadAsync();

        Assert.False(File.Exists(orphan));
        await active.Content.WriteAsync(new byte[] { 42 });
        await active.CommitAsync(Sha256([42]), 1);
        Assert.True(await store.ExistsAsync(Sha256([42])));
    }

    [Fact]
    public void Constructor_NewRoot_WritesTheFormatMarker()
    {
        string root = Path.Combine(_directory.Path, "nested", "registry");

        _ = new FileSystemArtifactStore(new FileSystemStorageOptions { RootPath = root });

        Assert.Equal("{\"format\":\"modelops-filesystem\",\"version\":1}\n", File.ReadAllText(Path.Combine(root, "format.json")));
    }

    internal static int DeadProcessId()
    {
        // Above Linux's pid_max (at most 2^22) and not a Windows pid in practice; checked anyway.
        int processId = int.MaxValue - 1;
        Assert.Throws<ArgumentException>(() => Process.GetProcessById(processId));
        return processId;
    }

    internal static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static byte[] RandomBytes(int count)
    {
        byte[] bytes = new byte[count];
        new Random(count).NextBytes(bytes);
        return bytes;
    }

    private static async Task UploadAsync(IArtifactStore store, byte[] bytes, string sha256)
    {
        await using IArtifactUpload upload = await store.BeginUploadAsync();
        await upload.Content.WriteAsync(bytes);
        await upload.CommitAsync(sha256, bytes.Length);
    }
}
