using ModelOps.Sdk.Storage.InMemory;

namespace ModelOps.Sdk.Testing.Tests.Storage;

/// <summary>Runs the whole storage-provider contract kit against the in-memory stores, which one process alone can share.</summary>
public sealed class InMemoryStorageContractTests : StorageProviderContractTests
{
    protected override ValueTask<StorageUnderTest> CreateStorageAsync() =>
        ValueTask.FromResult(StorageUnderTest.SingleProcess(new InMemoryMetadataStore(), new InMemoryArtifactStore()));
}
