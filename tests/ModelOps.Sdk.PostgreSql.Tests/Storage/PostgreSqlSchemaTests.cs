using ModelOps.Sdk.PostgreSql.Tests.Infrastructure;
using Npgsql;

namespace ModelOps.Sdk.PostgreSql.Tests.Storage;

/// <summary>Versioned migrations: created on first use or by an explicit call, idempotent, concurrent-safe, and a newer schema refused.</summary>
[Collection(PostgreSqlServerGroup.Name)]
public sealed class PostgreSqlSchemaTests(PostgreSqlFixture fixture) : IAsyncLifetime
{
    private readonly string _schema = PostgreSqlFixture.NewSchemaName("schema");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => fixture.DropSchemaAsync(_schema);

    [Fact]
    public async Task MigrateAsync_RunTwiceAndConcurrently_AppliesEachStepOnce()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => NewStore()).ToArray();
        try
        {
            var versions = await Task.WhenAll(stores.Select(s => s.MigrateAsync()));
            var again = await stores[0].MigrateAsync();

            Assert.All(versions, v => Assert.Equal(PostgreSqlMetadataStore.LatestSchemaVersion, v));
            Assert.Equal(PostgreSqlMetadataStore.LatestSchemaVersion, again);
            Assert.Equal(
                Enumerable.Range(1, PostgreSqlMetadataStore.LatestSchemaVersion).Select(v => (long)v),
                await QueryAsync($"SELECT version FROM \"{_schema}\".schema_version ORDER BY version"));
            Assert.Equal(0, await stores[1].GetLastSequenceAsync());
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Instances that find the schema missing and then wait for the one creating it must see it once they hold the lock. A
    /// transaction that began before the creator committed keeps the server's cached "no such schema" (an advisory lock does not
    /// refresh the catalog caches), so its <c>CREATE SCHEMA IF NOT EXISTS</c> collided with a unique violation.
    /// </summary>
    [Fact]
    public async Task MigrateAsync_ManyInstancesCreatingOneSchemaAtOnce_NeverCollide()
    {
        for (var round = 0; round < 20; round++)
        {
            var schema = PostgreSqlFixture.NewSchemaName("race");
            var stores = Enumerable.Range(0, 6)
                .Select(_ => new PostgreSqlMetadataStore(fixture.DataSource, new PostgreSqlStorageOptions { Schema = schema, EnableChangeNotifications = false }))
                .ToArray();
            try
            {
                var versions = await Task.WhenAll(stores.Select(s => Task.Run(() => s.MigrateAsync())));

                Assert.All(versions, v => Assert.Equal(PostgreSqlMetadataStore.LatestSchemaVersion, v));
            }
            finally
            {
                foreach (var store in stores)
                {
                    await store.DisposeAsync();
                }

                await fixture.DropSchemaAsync(schema);
            }
        }
    }

    [Fact]
    public async Task FirstUse_WithApplyMigrationsOnStart_CreatesTheSchema()
    {
        await using var store = NewStore();

        Assert.Empty(await QueryAsync($"SELECT 1 FROM information_schema.schemata WHERE schema_name = '{_schema}'"));
        Assert.Equal(0, await store.GetLastSequenceAsync());
        Assert.Equal([1L], await QueryAsync($"SELECT count(*) FROM information_schema.schemata WHERE schema_name = '{_schema}'"));
    }

    [Fact]
    public async Task FirstUse_WithoutApplyMigrationsOnStart_OnAMissingSchema_IsRefusedWithTheFix()
    {
        await using var store = NewStore(o => o.ApplyMigrationsOnStart = false);

        var ex = await Assert.ThrowsAsync<StorageFormatException>(async () => await store.GetLastSequenceAsync());

        Assert.Contains("version 0", ex.Message, StringComparison.Ordinal);
        Assert.Contains("MigrateAsync", ex.Message, StringComparison.Ordinal);
        Assert.Contains(_schema, ex.Location, StringComparison.Ordinal);
        Assert.Empty(await QueryAsync($"SELECT 1 FROM information_schema.schemata WHERE schema_name = '{_schema}'"));

        await store.MigrateAsync();
        Assert.Equal(0, await store.GetLastSequenceAsync());
    }

    [Fact]
    public async Task ASchemaNewerThanTheLibrary_IsRefused_AndLeftUnchanged()
    {
        await using (var first = NewStore())
        {
            await first.MigrateAsync();
        }

        var newer = PostgreSqlMetadataStore.LatestSchemaVersion + 1;
        await QueryAsync($"INSERT INTO \"{_schema}\".schema_version (version, description) VALUES ({newer}, 'from the future') RETURNING version");

        foreach (var applyMigrations in new[] { true, false })
        {
            await using var store = NewStore(o => o.ApplyMigrationsOnStart = applyMigrations);
            var ex = await Assert.ThrowsAsync<StorageFormatException>(async () => await store.ReadAsync(0).ToListAsync());
            Assert.Contains($"version {newer}", ex.Message, StringComparison.Ordinal);
            Assert.Contains("newer", ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal(
            Enumerable.Range(1, newer).Select(v => (long)v),
            await QueryAsync($"SELECT version FROM \"{_schema}\".schema_version ORDER BY version"));
    }

    private PostgreSqlMetadataStore NewStore(Action<PostgreSqlStorageOptions>? configure = null)
    {
        var options = new PostgreSqlStorageOptions { Schema = _schema, EnableChangeNotifications = false };
        configure?.Invoke(options);
        return new PostgreSqlMetadataStore(fixture.DataSource, options);
    }

    private async Task<List<long>> QueryAsync(string sql)
    {
        await using var command = fixture.DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<long>();
        while (await reader.ReadAsync())
        {
            values.Add(Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        }

        return values;
    }
}
