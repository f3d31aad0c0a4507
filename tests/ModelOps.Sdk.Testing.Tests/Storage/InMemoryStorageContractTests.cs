using ModelOps.Sdk.Storage.InMemory;

namespace ModelOps.Sdk.Testing.Tests.Storage;

/// <summary>Runs the whole storage-provider contract kit against the in-memory stores.</summary>
public sealed class InMemoryStorageContractTests : StorageProviderContractTests
{
    protected override ValueTask<StorageUnderTest> CreateStorageAsync() =>
        ValueTask.FromResult(new StorageUnderTest(new InMemoryMetadataStore(), new InMemoryArtifactStore()));
}
