using ModelOps.Sdk.Storage;

namespace ModelOps.Sdk.Testing;

public abstract partial class StorageProviderContractTests
{
    /// <summary>Committed content reads back byte for byte under its hash, for empty, tiny and multi-megabyte content.</summary>
    /// <param name="length">The content's length.</param>
    /// <returns>A task representing the test.</returns>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4093)]
    [InlineData((3 * 1024 * 1024) + 17)]
    public async Task ArtifactUpload_CommitThenRead_RoundTripsBytes(int length)
    {
        await using var storage = await CreateStorageAsync();
        var content = RandomBytes(length, length);
        var sha = Sha256Hex(content);

        await UploadAsync(storage.Artifacts, content);

        Assert.True(await storage.Artifacts.ExistsAsync(sha));
        var stream = await storage.Artifacts.OpenReadAsync(sha);
        Assert.NotNull(stream);
        Assert.Equal(content, await ReadAllAsync(stream));
    }

    /// <summary>Uploading identical bytes again (also concurrently, and from another instance) succeeds and leaves one readable copy.</summary>
    /// <returns>A task representing the test.</returns>
    [Fact]
    public async Task ArtifactUpload_IdenticalBytesRepeatedlyAndConcurrently_DeduplicatesAndStaysReadable()
    {
        await using var storage = await CreateStorageAsync();
        await using var other = storage.OpenAnotherInstance is { } open ? await open() : new StorageUnderTest(storage.Metadata, storage.Artifacts);
        var content = RandomBytes(256 * 1024, 42);
        var sha = Sha256Hex(content);

        await UploadAsync(storage.Artifacts, content);
        await UploadAsync(storage.Artifacts, content);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => UploadAsync(i % 2 == 0 ? storage.Artifacts : other.Artifacts, content))))
            .WaitAsync(WaitTimeout);

        Assert.Equal(content, await ReadAllAsync((await storage.Artifacts.OpenReadAsync(sha))!));
        Assert.Equal(content, await ReadAllAsync((await other.Artifacts.OpenReadAsync(sha))!));
    }

    /// <summary>Disposing an upload without committing it leaves nothing readable under the content's hash.</summary>
    /// <returns>A task representing the test.</returns>
    [Fact]
    public async Task ArtifactUpload_DisposedWithoutCommit_LeavesNothingReadable()
    {
        await using var storage = await CreateStorageAsync();
        var content = RandomBytes(70_000, 3);
        var sha = Sha256Hex(content);

        var upload = await storage.Artifacts.BeginUploadAsync();
        await using (upload)
        {
            await upload.Content.WriteAsync(content);
            await upload.Content.FlushAsync();
        }

        Assert.False(await storage.Artifacts.ExistsAsync(sha));
        Assert.Null(await storage.Artifacts.OpenReadAsync(sha));
        if (storage.OpenAnotherInstance is { } open)
        {
            await using var other = await open();
            Assert.False(await other.Artifacts.ExistsAsync(sha));
        }
    }

    /// <summary>A hash that was never stored is reported missing: <see cref="IArtifactStore.OpenReadAsync"/> returns <see langword="null"/> and <see cref="IArtifactStore.ExistsAsync"/> false.</summary>
    /// <returns>A task representing the test.</returns>
    [Fact]
    public async Task ArtifactStore_UnknownHash_OpenReadReturnsNullAndExistsIsFalse()
    {
        await using var storage = await CreateStorageAsync();
        await UploadAsync(storage.Artifacts, [1, 2, 3]);
        var unknown = Sha256Hex([3, 2, 1]);

        Assert.False(await storage.Artifacts.ExistsAsync(unknown));
        Assert.Null(await storage.Artifacts.OpenReadAsync(unknown));
    }

    /// <summary>Content committed through one store instance is readable through another over the same storage.</summary>
    /// <returns>A task representing the test.</returns>
    [Fact]
    public async Task ArtifactUpload_CommittedOnOneInstance_IsReadableFromAnother()
    {
        await using var storage = await CreateStorageAsync();
        await using var other = storage.OpenAnotherInstance is { } open ? await open() : new StorageUnderTest(storage.Metadata, storage.Artifacts);
        var content = RandomBytes(10_000, 11);

        await UploadAsync(storage.Artifacts, content);

        Assert.True(await other.Artifacts.ExistsAsync(Sha256Hex(content)));
        Assert.Equal(content, await ReadAllAsync((await other.Artifacts.OpenReadAsync(Sha256Hex(content)))!));
    }

    private static async Task UploadAsync(IArtifactStore store, byte[] content)
    {
        var upload = await store.BeginUploadAsync();
        await using (upload)
        {
            // Several writes of odd sizes, as the registry's streaming copy would do.
            for (var offset = 0; offset < content.Length; offset += 65_521)
            {
                await upload.Content.WriteAsync(content.AsMemory(offset, Math.Min(65_521, content.Length - offset)));
            }

            await upload.Content.FlushAsync();
            await upload.CommitAsync(Sha256Hex(content), content.Length);
        }
    }
}
