using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.PostgreSql.Tests.Infrastructure;
using ModelOps.Sdk.Tests.Checkpoints;
using Npgsql;

namespace ModelOps.Sdk.PostgreSql.Tests.Storage;

/// <summary>
/// Checkpoints of folded scope state kept in PostgreSQL (issue 18, item 2): a new instance starts from the signed checkpoint another
/// instance wrote and serves what a full fold serves; a row edited in the database is rejected and the model is folded in full.
/// </summary>
[Collection(PostgreSqlServerGroup.Name)]
public sealed class PostgreSqlCheckpointTests(PostgreSqlFixture fixture)
{
    private const string Model = "credit";
    private const int Champion = 17;
    private static readonly string Key = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)((i * 7) + 1)).ToArray());

    [Fact]
    public async Task NewInstance_SignedCheckpointInTheDatabase_StartsFromItAndServesWhatAFullFoldServes()
    {
        await using var host = new PostgreSqlRegistryHost(fixture, "checkpoint");
        var (writer, writerStore) = Add(host);
        var expected = await SeedAsync(writer);
        var stored = await writerStore.ReadCheckpointAsync(Model);

        using var outcomes = new CheckpointOutcomes();
        var (reader, _) = Add(host);
        var champion = await reader.ResolveAliasAsync(Model, "champion");

        Assert.NotNull(stored);
        Assert.NotNull(stored.Signature);
        Assert.True(stored.Length >= 24, $"checkpoint of length {stored.Length}");
        Assert.Equal(Champion, champion.Version);
        Assert.Equal(1, outcomes["loaded"]);
        Assert.Equal(0, outcomes["rejected"]);
        Assert.Equal(expected, await StateOfAsync(reader));
    }

    [Fact]
    public async Task NewInstance_CheckpointRowEditedInTheDatabase_IsRejectedAndTheModelIsFoldedInFull()
    {
        await using var host = new PostgreSqlRegistryHost(fixture, "checkpoint");
        var (writer, writerStore) = Add(host);
        var expected = await SeedAsync(writer);

        // A database user without the audit key moves the champion in the stored state.
        var state = JsonNode.Parse((await writerStore.ReadCheckpointAsync(Model))!.State)!;
        state["aliases"]!.AsArray().Single(a => (string?)a!["name"] == "champion")!["history"]!.AsArray()[^1]!["version"] = 3;
        await using (var connection = new NpgsqlConnection(host.ConnectionString))
        {
            await connection.OpenAsync();
            await using var edit = new NpgsqlCommand($"UPDATE \"{host.Schema}\".scope_checkpoint SET state = $1 WHERE scope = $2", connection);
            edit.Parameters.Add(new NpgsqlParameter<string> { TypedValue = state.ToJsonString() });
            edit.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Model });
            Assert.Equal(1, await edit.ExecuteNonQueryAsync());
        }

        using var outcomes = new CheckpointOutcomes();
        var (reader, _) = Add(host);
        var champion = await reader.ResolveAliasAsync(Model, "champion");

        Assert.Equal(Champion, champion.Version);
        Assert.Equal(1, outcomes["rejected"]);
        Assert.Equal(0, outcomes["loaded"]);
        Assert.Equal(expected, await StateOfAsync(reader));
    }

    private static (IModelRegistry Registry, PostgreSqlMetadataStore Store) Add(PostgreSqlRegistryHost host) =>
        host.AddRegistry(null, null, null, b => b.Services.Configure<ModelOpsOptions>(o =>
        {
            o.AuditSigningKey = Key;
            o.CheckpointEvery = 8;
        })).Registry;

    private static async Task<string> SeedAsync(IModelRegistry registry)
    {
        for (var i = 0; i < 20; i++)
        {
            await registry.RegisterAsync(PostgreSqlRegistryHost.Registration(Model, $"model {i}"));
        }

        await registry.SetAliasAsync(Model, "champion", Champion, reason: "seed");
        await registry.SetAliasAsync(Model, "challenger", Champion + 1, reason: "seed");

        // Eight more entries: a checkpoint (every 8) then covers the alias moves.
        for (var i = 20; i < 28; i++)
        {
            await registry.RegisterAsync(PostgreSqlRegistryHost.Registration(Model, $"model {i}"));
        }

        return await StateOfAsync(registry);
    }

    private static async Task<string> StateOfAsync(IModelRegistry registry)
    {
        var versions = (await registry.ListVersionsAsync(Model)).Items;
        var aliases = (await registry.ListAliasesAsync(Model)).Select(a => (a.Alias, a.Version, a.Sequence)).Order().ToList();
        var history = await registry.GetAliasHistoryAsync(Model, "champion");
        return JsonSerializer.Serialize(new { versions, aliases, history });
    }
}
