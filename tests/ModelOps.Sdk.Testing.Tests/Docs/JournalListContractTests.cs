// Copied verbatim from docs/storage-providers.md; keep the two in step (the build compiles this file and the kit runs against it).
using ModelOps.Sdk.Testing;

namespace Contoso.ModelOps;

public sealed class JournalListContractTests : StorageProviderContractTests
{
    protected override ValueTask<StorageUnderTest> CreateStorageAsync() =>
        ValueTask.FromResult(StorageUnderTest.SingleProcess(new JournalListMetadataStore(), new DictionaryArtifactStore()));
}
