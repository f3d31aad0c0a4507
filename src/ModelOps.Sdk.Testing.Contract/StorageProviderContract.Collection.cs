using System.Security.Cryptography;
using ModelOps.Sdk.Storage;

namespace ModelOps.Sdk.Testing;

public sealed partial class StorageProviderContract
{
    /// <summary>
    /// An artifact store that implements ICollectableArtifactStore lists what it stores with its length; deletes content only when it
    /// was last modified before the cutoff (and then no longer lists or serves it); a commit of content already stored keeps it listed
    /// with a last-modified time no earlier than before; and an upload in progress is never listed as abandoned.
    /// </summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task CollectableArtifactStore_IfImplemented_DeletesOnlyContentOlderThanTheCutoff() => CheckAsync(
        "An artifact store that implements ICollectableArtifactStore lists what it stores with its length; deletes content only when it was last modified before the cutoff (and then no longer lists or serves it); a commit of content already stored keeps it listed with a last-modified time no earlier than before; and an upload in progress is never listed as abandoned.",
        async () =>
        {
            await using var storage = await CreateStorageAsync();
            if (storage.Artifacts is not ICollectableArtifactStore store)
            {
                return;
            }

            var content = "collectable content"u8.ToArray();
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
            await CommitAsync(storage.Artifacts, content, sha256);
            var listed = (await ToListAsync(store.ListAsync())).Find(a => a.Sha256 == sha256);
            Check.True(listed is not null, "ListAsync does not list content that was just committed.");
            Check.Equal((long)content.Length, listed!.Length);

            Check.False(
                await store.DeleteIfNotModifiedSinceAsync(sha256, listed.LastModified),
                "DeleteIfNotModifiedSinceAsync deleted content whose last-modified time equals the cutoff (only content modified before it may go).");
            Check.True(await storage.Artifacts.ExistsAsync(sha256), "Content kept by DeleteIfNotModifiedSinceAsync is no longer stored.");

            await CommitAsync(storage.Artifacts, content, sha256);
            var recommitted = (await ToListAsync(store.ListAsync())).Single(a => a.Sha256 == sha256);
            Check.True(
                recommitted.LastModified >= listed.LastModified,
                $"Committing content already stored moved its last-modified time back, from {listed.LastModified:O} to {recommitted.LastModified:O}.");

            await using (var inProgress = await storage.Artifacts.BeginUploadAsync())
            {
                await inProgress.Content.WriteAsync(content);
                await inProgress.Content.FlushAsync();
                var abandoned = await ToListAsync(store.ListAbandonedUploadsAsync(DateTimeOffset.MaxValue));
                Check.Empty(abandoned);
            }

            Check.True(
                await store.DeleteIfNotModifiedSinceAsync(sha256, recommitted.LastModified.AddDays(1)),
                "DeleteIfNotModifiedSinceAsync did not delete content last modified before the cutoff.");
            Check.False(await storage.Artifacts.ExistsAsync(sha256), "Deleted content is still stored.");
            Check.False((await ToListAsync(store.ListAsync())).Exists(a => a.Sha256 == sha256), "Deleted content is still listed.");
            Check.False(
                await store.DeleteIfNotModifiedSinceAsync(sha256, DateTimeOffset.MaxValue),
                "DeleteIfNotModifiedSinceAsync reported deleting content that was not stored.");

            // Content committed after a deletion is stored again.
            await CommitAsync(storage.Artifacts, content, sha256);
            Check.True(await storage.Artifacts.ExistsAsync(sha256), "Content committed again after it was collected is not stored.");
        });

    private static async Task CommitAsync(IArtifactStore artifacts, byte[] content, string sha256)
    {
        await using var upload = await artifacts.BeginUploadAsync();
        await upload.Content.WriteAsync(content);
        await upload.CommitAsync(sha256, content.Length);
    }
}
