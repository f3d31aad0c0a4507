using System.Runtime.CompilerServices;
using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Storage.FileSystem;
using ModelOps.Sdk.Storage.InMemory;

namespace ModelOps.Sdk.Testing.Tests.Mutants;

/// <summary>
/// Collectable artifact stores that break one rule of <see cref="ICollectableArtifactStore"/> each, over a real filesystem artifact
/// store (which keeps every rule): each mistake would let garbage collection delete a blob a registration is committing, or misreport what it freed.
/// </summary>
public static class CollectableStoreMutants
{
    /// <summary>A filesystem artifact store in a temporary folder, wrapped by <paramref name="mutate"/>, beside an in-memory journal.</summary>
    public static StorageUnderTest Create(Func<FileSystemArtifactStore, IArtifactStore> mutate)
    {
        var root = Path.Combine(Path.GetTempPath(), "modelops-mutant-" + Guid.NewGuid().ToString("N"));
        var store = new FileSystemArtifactStore(new FileSystemStorageOptions { RootPath = root });
        return new StorageUnderTest(new InMemoryMetadataStore(), mutate(store), () =>
        {
            Directory.Delete(root, recursive: true);
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>Forwards every call; each mutant overrides the one behaviour it breaks.</summary>
    public class Decorator(FileSystemArtifactStore inner) : IArtifactStore, ICollectableArtifactStore
    {
        protected FileSystemArtifactStore Inner { get; } = inner;

        public ValueTask<IArtifactUpload> BeginUploadAsync(CancellationToken cancellationToken = default) => Inner.BeginUploadAsync(cancellationToken);

        public ValueTask<Stream?> OpenReadAsync(string sha256, CancellationToken cancellationToken = default) => Inner.OpenReadAsync(sha256, cancellationToken);

        public ValueTask<bool> ExistsAsync(string sha256, CancellationToken cancellationToken = default) => Inner.ExistsAsync(sha256, cancellationToken);

        public virtual IAsyncEnumerable<StoredArtifact> ListAsync(CancellationToken cancellationToken = default) => Inner.ListAsync(cancellationToken);

        public virtual ValueTask<bool> DeleteIfNotModifiedSinceAsync(string sha256, DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
            Inner.DeleteIfNotModifiedSinceAsync(sha256, cutoff, cancellationToken);

        public IAsyncEnumerable<AbandonedUpload> ListAbandonedUploadsAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
            Inner.ListAbandonedUploadsAsync(cutoff, cancellationToken);

        public ValueTask<bool> DeleteAbandonedUploadAsync(AbandonedUpload upload, CancellationToken cancellationToken = default) =>
            Inner.DeleteAbandonedUploadAsync(upload, cancellationToken);
    }

    /// <summary>Deletes whatever it is asked to, ignoring the cutoff: a blob committed during the collection would go.</summary>
    public sealed class IgnoresCutoff(FileSystemArtifactStore inner) : Decorator(inner)
    {
        public override async ValueTask<bool> DeleteIfNotModifiedSinceAsync(string sha256, DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
            await Inner.DeleteIfNotModifiedSinceAsync(sha256, DateTimeOffset.MaxValue, cancellationToken);
    }

    /// <summary>Lists each blob with a length of zero: a collection would report freeing nothing while deleting.</summary>
    public sealed class ListsZeroLength(FileSystemArtifactStore inner) : Decorator(inner)
    {
        public override async IAsyncEnumerable<StoredArtifact> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var artifact in Inner.ListAsync(cancellationToken))
            {
                yield return artifact with { Length = 0 };
            }
        }
    }
}
