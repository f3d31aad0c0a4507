using ModelOps.Sdk.Storage.FileSystem;

namespace ModelOps.Sdk.Testing.Tests.Storage;

/// <summary>
/// Runs the whole storage-provider contract kit against the filesystem stores, each test in a fresh temporary folder; a second
/// instance opens new stores on the same folder, as another process would.
/// </summary>
public sealed class FileSystemStorageContractTests : StorageProviderContractTests
{
    protected override ValueTask<StorageUnderTest> CreateStorageAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "modelops-contract-" + Guid.NewGuid().ToString("N"));
        return ValueTask.FromResult(Open(root, deleteOnDispose: true));
    }

    private static StorageUnderTest Open(string root, bool deleteOnDispose)
    {
        var options = new FileSystemStorageOptions { RootPath = root };
        var metadata = new FileSystemMetadataStore(options);
        var artifacts = new FileSystemArtifactStore(options);
        return new StorageUnderTest(metadata, artifacts, () => ValueTask.FromResult(Open(root, deleteOnDispose: false)), () =>
        {
            metadata.Dispose();
            if (deleteOnDispose && Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }

            return ValueTask.CompletedTask;
        });
    }
}
