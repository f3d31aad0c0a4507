using ModelOps.Sdk.PostgreSql.Tests.Infrastructure;
using ModelOps.Sdk.Storage.InMemory;
using ModelOps.Sdk.Testing;
using Npgsql;

namespace ModelOps.Sdk.PostgreSql.Tests.Storage;

/// <summary>
/// Runs the whole storage-provider contract kit against <see cref="PostgreSqlMetadataStore"/>, each test in a fresh schema of the
/// shared server; a second instance is a new store with its own data source over the same schema, as another process would have.
/// </summary>
/// <remarks>
/// The kit drives the registry's clock with a fake <see cref="TimeProvider"/> and checks that a second instance sees changes at its
/// poll interval, so here entries are stamped by the registry's clock and change push is off; the database clock and the push are
/// tested in <c>PostgreSqlClockTests</c> and <c>PostgreSqlChangeNotificationTests</c>. Artifacts live in memory: this
/// package provides the metadata side only.
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
        var dataSource = NpgsqlDataSource.Create(fixture.ConnectionString);
        var store = new PostgreSqlMetadataStore(dataSource, new PostgreSqlStorageOptions
        {
            Schema = schema,
            UseDatabaseClock = false,
            EnableChangeNotifications = false,
        });
        return new StorageUnderTest(store, artifacts, () => ValueTask.FromResult(Open(schema, artifacts, owner: false)), async () =>
        {
            await store.DisposeAsync();
            await dataSource.DisposeAsync();
            if (owner)
            {
                await fixture.DropSchemaAsync(schema);
            }
        });
    }
}
