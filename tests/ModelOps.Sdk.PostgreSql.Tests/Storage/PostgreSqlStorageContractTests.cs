using ModelOps.Sdk.PostgreSql.Tests.Infrastructure;
using ModelOps.Sdk.Storage.InMemory;
using ModelOps.Sdk.Testing;

namespace ModelOps.Sdk.PostgreSql.Tests.Storage;

/// <summary>
/// Runs the whole storage-provider contract kit against <see cref="PostgreSqlMetadataStore"/>, each test in a fresh schema of the
/// shared server; a second instance is a new store with its own data source over the same schema, as another process would have.
/// </summary>
/// <remarks>
/// The database clock and <c>LISTEN</c>/<c>NOTIFY</c> are on, as in production: the kit checks both capabilities on the store itself,
/// and gives the registries of its other checks the journal only, so that they run on its fake clock and poll. Artifacts live in
/// memory: this package provides the metadata side only.
/// </remarks>
[Collection(PostgreSqlServerGroup.Name)]
public sealed class PostgreSqlStorageContractTests(PostgreSqlFixture fixture) : StorageProviderContractTests
{
    protected override ValueTask<StorageUnderTest> CreateStorageAsync()
    {
        var schema = PostgreSqlFixture.NewSchemaName("contract");
        var artifacts = new InMemoryArtifactStore();
        return ValueTask.FromResult(Open(schema, artifacts, owner: true));
    }

    private StorageUnderTest Open(string schema, InMemoryArtifactStore artifacts, bool owner)
    {
        // From a connection string, so the kit runs on the data source the store builds itself (the path of a host that configures
        // a connection string), which loads no type catalogue from the server.
        var store = new PostgreSqlMetadataStore(new PostgreSqlStorageOptions
        {
            ConnectionString = fixture.ConnectionString,
            Schema = schema,
            UseDatabaseClock = true,
            EnableChangeNotifications = true,
        });
        return new StorageUnderTest(store, artifacts, () => ValueTask.FromResult(Open(schema, artifacts, owner: false)), async () =>
        {
            await store.DisposeAsync();
            if (owner)
            {
                await fixture.DropSchemaAsync(schema);
            }
        });
    }
}
