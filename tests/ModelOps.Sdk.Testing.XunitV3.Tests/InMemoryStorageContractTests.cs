using ModelOps.Sdk.Storage.InMemory;

namespace ModelOps.Sdk.Testing.XunitV3.Tests;

/// <summary>Runs the whole storage-provider contract kit through its xunit v3 front end against the in-memory stores.</summary>
public sealed class InMemoryStorageContractTests : StorageProviderContractTests
{
    protected override ValueTask<StorageUnderTest> CreateStorageAsync() =>
        ValueTask.FromResult(StorageUnderTest.SingleProcess(new InMemoryMetadataStore(), new InMemoryArtifactStore()));
}
