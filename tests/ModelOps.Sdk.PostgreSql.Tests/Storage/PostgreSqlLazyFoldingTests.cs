using ModelOps.Sdk.PostgreSql.Tests.Infrastructure;
using ModelOps.Sdk.Tests.Registry;

namespace ModelOps.Sdk.PostgreSql.Tests.Storage;

/// <summary>
/// Over PostgreSQL, as over the filesystem store, a new instance folds only the models it uses, when it first uses them, and answers
/// listings from its registry-wide index (issue 18, item 1): the store reads one scope through its unique index on scope and entry
/// index (<see cref="Storage.IJournalScopeReader"/>).
/// </summary>
[Collection(PostgreSqlServerGroup.Name)]
public sealed class PostgreSqlLazyFoldingTests(PostgreSqlFixture fixture)
{
    private const int Models = 12;
    private const int VersionsPerModel = 3;

    [Fact]
    public async Task NewInstance_RegistryOfManyModels_FoldsOnlyTheModelsItUses()
    {
        await using var host = new PostgreSqlRegistryHost(fixture, "lazy");
        var (writer, _) = host.AddRegistry();
        for (var m = 0; m < Models; m++)
        {
            for (var v = 1; v <= VersionsPerModel; v++)
            {
                await writer.RegisterAsync(PostgreSqlRegistryHost.Registration(ModelName(m), $"{m}/{v}"));
            }

            await writer.SetAliasAsync(ModelName(m), "champion", 1 + (m % VersionsPerModel), reason: "seed");
        }

        using var folded = new ScopesFoldedCounter();
        var (reader, _) = host.AddRegistry();

        Assert.Equal(1 + (7 % VersionsPerModel), (await reader.ResolveAliasAsync(ModelName(7), "champion")).Version);
        var page = await reader.ListVersionsAsync(ModelName(10), afterVersion: 1, pageSize: 1);
        Assert.Equal([2], page.Items.Select(v => v.Version));
        Assert.Equal(3, folded.Count); // the two models and the registry scope (stored policies), nothing else

        var models = await reader.ListModelsAsync();
        Assert.Equal(Enumerable.Range(0, Models).Select(ModelName), models.Select(m => m.Name));
        Assert.All(models, m => Assert.Equal(VersionsPerModel, m.LatestVersion));
        Assert.Equal(3, folded.Count);

        var registered = await reader.RegisterAsync(PostgreSqlRegistryHost.Registration(ModelName(4), "4/new"));
        Assert.Equal(VersionsPerModel + 1, registered.Version);
        Assert.Equal(4, folded.Count);
        Assert.True((await reader.VerifyAuditLogAsync(ModelName(4))).IsValid);
    }

    private static string ModelName(int m) => $"model-{m:D2}";
}
