using ModelOps.Sdk.Storage;

namespace ModelOps.Sdk.Testing;

public sealed partial class StorageProviderContract
{
    /// <summary>Committed content reads back byte for byte under its hash, for empty, tiny and multi-megabyte content.</summary>
    /// <param name="length">The content's length.</param>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task ArtifactUpload_CommitThenRead_RoundTripsBytes(int length) => CheckAsync(
        "Committed content reads back byte for byte under its hash, for empty, tiny and multi-megabyte content.",
        async () =>
        {
            await using var storage = await CreateStorageAsync();
            var content = RandomBytes(length, length);
            var sha = Sha256Hex(content);

            await UploadAsync(storage.Artifacts, content);

            Check.True(await storage.Artifacts.ExistsAsync(sha));
            var stream = await storage.Artifacts.OpenReadAsync(sha);
            Check.NotNull(stream);
            Check.Equal(content, await ReadAllAsync(stream));
        });

    /// <summary>Uploading identical bytes again (also concurrently, and from another instance) succeeds and leaves one readable copy.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task ArtifactUpload_IdenticalBytesRepeatedlyAndConcurrently_DeduplicatesAndStaysReadable() => CheckAsync(
        "Uploading identical bytes again (also concurrently, and from another instance) succeeds and leaves one readable copy.",
        async () =>
        {
            await using var storage = await CreateStorageAsync();
            await using var other = await OpenAnotherInstanceAsync(storage);
            var content = RandomBytes(256 * 1024, 42);
            var sha = Sha256Hex(content);

            await UploadAsync(storage.Artifacts, content);
            await UploadAsync(storage.Artifacts, content);
            await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => UploadAsync(i % 2 == 0 ? storage.Artifacts : other.Artifacts, content))))
                .WaitAsync(WaitTimeout);

            Check.Equal(content, await ReadAllAsync((await storage.Artifacts.OpenReadAsync(sha))!));
            Check.Equal(content, await ReadAllAsync((await other.Artifacts.OpenReadAsync(sha))!));
        });

    /// <summary>Disposing an upload without committing it leaves nothing readable under the content's hash.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task ArtifactUpload_DisposedWithoutCommit_LeavesNothingReadable() => CheckAsync(
        "Disposing an upload without committing it leaves nothing readable under the content's hash.",
        async () =>
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

            Check.False(await storage.Artifacts.ExistsAsync(sha));
            Check.Null(await storage.Artifacts.OpenReadAsync(sha));
            await using (var other = await OpenAnotherInstanceAsync(storage))
            {
                Check.False(await other.Artifacts.ExistsAsync(sha));
            }
        });

    /// <summary>A hash that was never stored is reported missing: <see cref="IArtifactStore.OpenReadAsync"/> returns <see langword="null"/> and <see cref="IArtifactStore.ExistsAsync"/> false.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task ArtifactStore_UnknownHash_OpenReadReturnsNullAndExistsIsFalse() => CheckAsync(
        "A hash that was never stored is reported missing: OpenReadAsync returns null and ExistsAsync false.",
        async () =>
        {
            await using var storage = await CreateStorageAsync();
            await UploadAsync(storage.Artifacts, [1, 2, 3]);
            var unknown = Sha256Hex([3, 2, 1]);

            Check.False(await storage.Artifacts.ExistsAsync(unknown));
            Check.Null(await storage.Artifacts.OpenReadAsync(unknown));
        });

    /// <summary>Content committed through one store instance is readable through another over the same storage.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task ArtifactUpload_CommittedOnOneInstance_IsReadableFromAnother() => CheckAsync(
        "Content committed through one store instance is readable through another over the same storage.",
        async () =>
        {
            await using var storage = await CreateStorageAsync();
            await using var other = await OpenAnotherInstanceAsync(storage);
            var content = RandomBytes(10_000, 11);

            await UploadAsync(storage.Artifacts, content);

            Check.True(await other.Artifacts.ExistsAsync(Sha256Hex(content)));
            Check.Equal(content, await ReadAllAsync((await other.Artifacts.OpenReadAsync(Sha256Hex(content)))!));
        });

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
