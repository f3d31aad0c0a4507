using ModelOps.Sdk.Audit;
using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Storage.FileSystem;
using ModelOps.Sdk.Storage.InMemory;
using ModelOps.Sdk.Tests.Storage.FileSystem;

namespace ModelOps.Sdk.Tests.Registry;

/// <summary>
/// Over a store that reads one scope (<see cref="IJournalScopeReader"/>), a registry folds only the models it uses, when it first
/// uses them, and answers everything else from a small registry-wide index (issue 18, item 1).
/// </summary>
public sealed class LazyScopeFoldingTests
{
    [Fact]
    public async Task FileSystemRegistry_100000Versions_NewInstanceFoldsOnlyTheModelsItUses()
    {
        const int Models = 200;
        const int VersionsPerModel = 500;
        using var directory = new TemporaryDirectory();

        // One model's 500 versions and an alias move written by the registry through the public API, then the same history under 200
        // model names, each chain re-hashed for its name (the hash covers the scope), moved into a filesystem store with one append per
        // model: 100,000 versions on disk in seconds, without an fsync per version.
        var template = new List<JournalEntry>();
        await using (var writer = RegistryHost.Create())
        {
            byte[] artifact = [1, 2, 3, 4];
            for (var v = 0; v < VersionsPerModel; v++)
            {
                await writer.Registry.RegisterAsync(RegistryHost.Registration(TemplateModel, artifact));
            }

            await writer.Registry.SetAliasAsync(TemplateModel, "champion", 8, reason: "seed");
            await foreach (var entry in writer.Metadata.ReadScopeAsync(TemplateModel))
            {
                template.Add(entry);
            }
        }

        using (var filesystem = new FileSystemMetadataStore(new FileSystemStorageOptions { RootPath = directory.Path }))
        {
            for (var m = 0; m < Models; m++)
            {
                var scope = ModelName(m);
                var entries = new JournalEntry[template.Count];
                var previousHash = template[0].PreviousHash;
                for (var i = 0; i < entries.Length; i++)
                {
                    var payload = template[i].Payload.Replace(TemplateModel, scope, StringComparison.Ordinal);
                    var hash = AuditChain.ComputeHash(scope, i, template[i].Timestamp, template[i].Kind, payload, previousHash);
                    entries[i] = template[i] with { Scope = scope, Payload = payload, PreviousHash = previousHash, Hash = hash, Sequence = 0 };
                    previousHash = hash;
                }

                Assert.True((await filesystem.AppendAsync(scope, 0, entries)).IsCommitted);
            }
        }

        using var store = new FileSystemMetadataStore(new FileSystemStorageOptions { RootPath = directory.Path });
        using var folded = new ScopesFoldedCounter();
        await using var reader = RegistryHost.Create(store, new InMemoryArtifactStore());

        Assert.Equal(8, (await reader.Registry.ResolveAliasAsync(ModelName(7), "champion")).Version);
        Assert.Equal(ModelName(123), (await reader.Registry.GetVersionByAliasAsync(ModelName(123), "champion")).ModelName);
        var page = await reader.Registry.ListVersionsAsync(ModelName(123), afterVersion: 200, pageSize: 100);
        Assert.Equal(Enumerable.Range(201, 100), page.Items.Select(v => v.Version));
        Assert.Equal(300, page.NextAfterVersion);
        Assert.Equal(3, folded.Count); // the two models and the registry scope (stored policies), nothing else

        // The listing comes from the index, without folding the other 198 models.
        var models = await reader.Registry.ListModelsAsync();
        Assert.Equal(Models, models.Count);
        Assert.All(models, m => Assert.Equal(VersionsPerModel, m.LatestVersion));
        Assert.Equal(8, Assert.Single(models, m => m.Name == ModelName(42)).Aliases["champion"]);
        Assert.Equal(3, folded.Count);

        // A write folds the model it writes to, and version numbers continue where the journal left them.
        var registered = await reader.Registry.RegisterAsync(RegistryHost.Registration(ModelName(42)));
        Assert.Equal(VersionsPerModel + 1, registered.Version);
        Assert.Equal(4, folded.Count);
        Assert.Equal(VersionsPerModel + 1, Assert.Single(await reader.Registry.ListModelsAsync(), m => m.Name == ModelName(42)).LatestVersion);
    }

    [Fact]
    public async Task ListModelsAsync_AfterAnotherInstanceWritesAModelNotFolded_ListsItsNewVersionsAndAliases()
    {
        await using var writer = RegistryHost.Create();
        await writer.RegisterVersionsAsync("credit", 2);
        await writer.RegisterVersionsAsync("fraud", 1);
        await using var reader = writer.CreatePeer();
        Assert.Equal(["credit", "fraud"], (await reader.Registry.ListModelsAsync()).Select(m => m.Name));

        await writer.RegisterVersionsAsync("fraud", 2);
        await writer.Registry.SetAliasAsync("fraud", "champion", 3);
        await writer.RegisterVersionsAsync("pricing", 1);
        await writer.Registry.SetAliasAsync("credit", "champion", 1);
        await writer.Registry.DeleteAliasAsync("credit", "champion");
        await reader.Registry.RefreshAsync();

        var models = await reader.Registry.ListModelsAsync();
        Assert.Equal(["credit", "fraud", "pricing"], models.Select(m => m.Name));
        Assert.Empty(models[0].Aliases);
        Assert.Equal(3, models[1].LatestVersion);
        Assert.Equal(3, models[1].Aliases["champion"]);
        Assert.Equal(writer.Time.GetUtcNow(), models[2].CreatedAt);
    }

    [Fact]
    public async Task WatchAliasAsync_OnAModelNotYetUsed_SeesTheNextMoveByAnotherInstance()
    {
        await using var writer = RegistryHost.Create();
        await writer.RegisterVersionsAsync("credit", 3);
        await writer.Registry.SetAliasAsync("credit", "champion", 1);
        await using var reader = writer.CreatePeer();
        await reader.Registry.RefreshAsync(); // started, with "credit" not folded

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var changes = reader.Registry.WatchAliasAsync("credit", "champion", stop.Token).GetAsyncEnumerator(stop.Token);
        var next = changes.MoveNextAsync();
        await writer.Registry.SetAliasAsync("credit", "champion", 3);
        await reader.Registry.RefreshAsync();

        Assert.True(await next);
        Assert.Equal(3, changes.Current.Version);
        Assert.Equal(1, changes.Current.PreviousVersion);
    }

    [Fact]
    public async Task FindByTagAsync_AcrossModelsNotFolded_FindsTheirVersionsWithoutKeepingThem()
    {
        await using var writer = RegistryHost.Create();
        await writer.RegisterVersionsAsync("credit", 2);
        await writer.RegisterVersionsAsync("fraud", 2);
        await writer.Registry.UpdateTagsAsync("fraud", 2, new Dictionary<string, string?> { ["stage"] = "shadow" });
        await writer.Registry.UpdateTagsAsync("credit", 1, new Dictionary<string, string?> { ["stage"] = "prod" });
        await using var reader = writer.CreatePeer();
        await reader.Registry.GetVersionAsync("credit", 2); // one folded, one not
        using var folded = new ScopesFoldedCounter();

        var found = await reader.Registry.FindByTagAsync("stage");

        Assert.Equal([("credit", 1), ("fraud", 2)], found.Select(v => (v.ModelName, v.Version)));
        Assert.Equal("shadow", Assert.Single(await reader.Registry.FindByTagAsync("stage", "shadow")).Tags["stage"]);
        Assert.Equal(0, folded.Count);
    }

    [Fact]
    public async Task ListModelsAsync_ForgedEntryInAModelNotFolded_HidesItAndRefusesItOnUse()
    {
        var store = new InMemoryMetadataStore();
        await using var writer = RegistryHost.Create(store);
        await writer.RegisterVersionsAsync("credit", 1);
        await writer.RegisterVersionsAsync("fraud", 1);

        // An entry appended behind the registry's back: it claims to continue the chain, but its hash does not match its content.
        var head = await ReadScopeAsync(store, "fraud");
        var forged = head[0] with { Index = 1, Sequence = 0, PreviousHash = head[0].Hash, Payload = head[0].Payload.Replace("\"", " \"", StringComparison.Ordinal) };
        Assert.True((await store.AppendAsync("fraud", 1, [forged])).IsCommitted);

        await using var reader = writer.CreatePeer();
        Assert.Equal(["credit"], (await reader.Registry.ListModelsAsync()).Select(m => m.Name));
        await Assert.ThrowsAsync<AuditChainBrokenException>(async () => await reader.Registry.GetVersionAsync("fraud", 1));
        Assert.Empty(await reader.Registry.FindByTagAsync("any"));
    }

    private const string TemplateModel = "template-model";

    private static string ModelName(int m) => $"model-{m:D3}";

    private static async Task<List<JournalEntry>> ReadScopeAsync(IModelMetadataStore store, string scope)
    {
        var entries = new List<JournalEntry>();
        await foreach (var entry in store.ReadScopeAsync(scope))
        {
            entries.Add(entry);
        }

        return entries;
    }
}
