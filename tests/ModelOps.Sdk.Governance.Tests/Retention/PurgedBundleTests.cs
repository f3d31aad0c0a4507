using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Audit;
using ModelOps.Sdk.Governance.Bundles;
using ModelOps.Sdk.Security;

namespace ModelOps.Sdk.Governance.Tests.Retention;

/// <summary>A purged version travels in a bundle as metadata only, marked purged; the import keeps it purged and the chain check holds.</summary>
public sealed class PurgedBundleTests : IAsyncLifetime
{
    private const string Model = RetentionHost.Model;
    private static readonly JsonSerializerOptions BundleJsonOptions = new(JsonSerializerOptions.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
    private RetentionHost _source = null!;
    private RetentionHost _target = null!;
    private byte[] _bundle = null!;
    private ModelVersion _purged = null!;

    /// <summary>The target registry, acting as an administrator (who holds the purge role an import of a purged version needs).</summary>
    private IModelRegistry Target => _target.As("ivan", "model-admin").Registry;

    private IModelBundleService TargetBundles => _target.As("ivan", "model-admin").Services.GetRequiredService<IModelBundleService>();

    public async Task InitializeAsync()
    {
        _source = RetentionHost.Create(build: b => b.UseInMemory().AddModelBundles(o => o.RegistryName = "dev-eu"));
        await _source.RegisterAsync();
        await _source.RegisterAsync();
        foreach (var day in new[] { "monday", "tuesday" })
        {
            await _source.As("monitor").Registry.AttachDocumentAsync(new DocumentAttachment
            {
                ModelName = Model,
                Version = 2,
                Kind = DocumentKinds.MonitoringReport,
                Name = "daily",
                Content = Encoding.UTF8.GetBytes($$"""{"day":"{{day}}"}"""),
            });
        }

        _purged = await _source.As("adam", "model-admin").Registry.PurgeVersionAsync(Model, 1, "superseded, GDPR request 42");
        var monday = (await _source.Registry.ListDocumentsAsync(Model, 2, DocumentKinds.MonitoringReport))[0];
        await _source.Registry.PurgeDocumentAsync(monday, "older than the report's history");

        using var bundle = new MemoryStream();
        await _source.Services.GetRequiredService<IModelBundleService>().ExportAsync(Model, null, bundle);
        _bundle = bundle.ToArray();

        _target = RetentionHost.Create(build: b => b.UseInMemory().AddModelBundles(o => o.RegistryName = "prod"));
    }

    public async Task DisposeAsync()
    {
        await _source.DisposeAsync();
        await _target.DisposeAsync();
    }

    [Fact]
    public async Task Export_PurgedVersion_CarriesItsMetadataMarkedPurgedAndNoBytes()
    {
        using var zip = new ZipArchive(new MemoryStream(_bundle), ZipArchiveMode.Read);
        var record = JsonSerializer.Deserialize<ModelVersion>(zip.GetEntry("versions/1.json")!.Open(), BundleJsonOptions)!;

        Assert.Equal(_purged.Purged, record.Purged);
        Assert.Equal(_purged.Artifact, record.Artifact);
        Assert.Null(zip.GetEntry($"blobs/{_purged.Artifact.Sha256}"));
        Assert.NotNull(zip.GetEntry($"blobs/{(await _source.Registry.GetVersionAsync(Model, 2)).Artifact.Sha256}"));
    }

    [Fact]
    public async Task Import_PurgedVersion_StaysPurgedWithTheSourcesPurgeNamedAndTheChainVerifies()
    {
        var result = await TargetBundles.ImportAsync(new MemoryStream(_bundle));

        Assert.Equal([(1, 1), (2, 2)], result.Versions.Select(v => (v.SourceVersion, v.TargetVersion)));
        var imported = await Target.GetVersionAsync(Model, 1);
        Assert.NotNull(imported.Purged);
        Assert.Contains("purged in registry 'dev-eu'", imported.Purged.Reason, StringComparison.Ordinal);
        Assert.Contains("by adam", imported.Purged.Reason, StringComparison.Ordinal);
        Assert.Contains("GDPR request 42", imported.Purged.Reason, StringComparison.Ordinal);
        Assert.Equal(_purged.Artifact, imported.Artifact);
        var ex = await Assert.ThrowsAsync<ModelVersionPurgedException>(() => Target.OpenArtifactAsync(Model, 1));
        Assert.Equal(1, ex.Version);
        await Assert.ThrowsAsync<ModelVersionPurgedException>(() => Target.SetAliasAsync(Model, "blue", 1));

        // Version 2 arrives whole, with the report that was not purged; the purged one is listed in the import evidence only.
        Assert.Null((await Target.GetVersionAsync(Model, 2)).Purged);
        var reports = await Target.ListDocumentsAsync(Model, 2, DocumentKinds.MonitoringReport);
        Assert.Equal("""{"day":"tuesday"}""", Encoding.UTF8.GetString((await Target.ReadDocumentAsync(Assert.Single(reports))).Span));
        var evidence = (await Target.ListDocumentsAsync(Model, 2, DocumentKinds.ImportEvidence)).Single();
        using var json = JsonDocument.Parse(await Target.ReadDocumentAsync(evidence));
        Assert.Contains(json.RootElement.GetProperty("documents").EnumerateArray(), d => d.TryGetProperty("purged", out var p) && p.ValueKind == JsonValueKind.Object);

        var log = await Target.ReadAuditLogAsync(Model);
        Assert.Equal(["version.registered", "version.purged"], log.Where(e => e.Version == 1).Select(e => e.Operation).Take(2));
        Assert.True((await Target.VerifyAuditLogAsync(Model)).IsValid);

        var again = await TargetBundles.ImportAsync(new MemoryStream(_bundle));
        Assert.All(again.Versions, v => Assert.True(v.AlreadyImported));
        Assert.Equal(log.Count, (await Target.ReadAuditLogAsync(Model)).Count);
    }

    [Fact]
    public async Task Import_PurgedVersion_AuditsThePurgeAsTheImportingActor()
    {
        await TargetBundles.ImportAsync(new MemoryStream(_bundle));

        var purge = (await Target.ReadAuditLogAsync(Model)).Single(e => e.Operation == AuditOperations.VersionPurged);
        Assert.Equal(1, purge.Version);
        Assert.Equal("ivan", purge.Actor);
        Assert.Equal("ivan", (await Target.GetVersionAsync(Model, 1)).Purged!.PurgedBy);
    }

    [Fact]
    public async Task Import_PurgedVersionWithoutThePurgeRole_IsRefusedAuditedAndNothingIsImported()
    {
        var bundles = _target.As("rita", "model-deployer").Services.GetRequiredService<IModelBundleService>();

        var refused = await Assert.ThrowsAsync<GovernanceRefusalException>(() => bundles.ImportAsync(new MemoryStream(_bundle)));

        Assert.Equal(RegistryOperationKind.PurgeVersion, refused.Operation);
        Assert.Equal("model-admin", refused.RequiredRole);
        Assert.Empty(await Target.ListModelsAsync());
        var audited = (await Target.ReadAuditLogAsync(AuditScopes.Registry)).Single(e => e.Operation == AuditOperations.OperationRefused);
        Assert.Equal("rita", audited.Actor);
        Assert.True((await Target.VerifyAuditLogAsync(AuditScopes.Registry)).IsValid);
    }

    [Fact]
    public async Task Import_PurgedVersionIntoARegistryWithoutGovernance_IsRefusedAndNothingIsImported()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory().AddModelBundles(o => o.RegistryName = "prod");
        await using var ungoverned = services.BuildServiceProvider();

        await Assert.ThrowsAsync<UngovernedChangeException>(() => ungoverned.GetRequiredService<IModelBundleService>().ImportAsync(new MemoryStream(_bundle)));

        Assert.Empty(await ungoverned.GetRequiredService<IModelRegistry>().ListModelsAsync());
    }

    [Fact]
    public async Task Import_PurgedMarkRemovedByAForger_IsRefusedByTheChainCheck()
    {
        var forged = ReplaceEntry(_bundle, "versions/1.json", bytes =>
        {
            var node = JsonNode.Parse(bytes)!.AsObject();
            node.Remove("purged");
            return Encoding.UTF8.GetBytes(node.ToJsonString());
        });

        var ex = await Assert.ThrowsAsync<BundleIntegrityException>(() => TargetBundles.ImportAsync(new MemoryStream(forged)));

        Assert.Equal("versions/1.json", ex.Entry);
        Assert.Contains("'purged'", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await Target.ListModelsAsync());
    }

    /// <summary>Copies a bundle with one entry replaced and the manifest's hash of it updated (a careful forger).</summary>
    private static byte[] ReplaceEntry(byte[] bundle, string name, Func<byte[], byte[]> change)
    {
        var contents = new List<(string Name, byte[] Bytes)>();
        using (var zip = new ZipArchive(new MemoryStream(bundle), ZipArchiveMode.Read))
        {
            foreach (var entry in zip.Entries)
            {
                using var stream = entry.Open();
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                contents.Add((entry.FullName, copy.ToArray()));
            }
        }

        var at = contents.FindIndex(c => c.Name == name);
        contents[at] = (name, change(contents[at].Bytes));
        var index = contents.FindIndex(c => c.Name == "manifest.json");
        var manifest = JsonNode.Parse(contents[index].Bytes)!.AsObject();
        manifest["entries"]![name] = Convert.ToHexStringLower(SHA256.HashData(contents[at].Bytes));
        contents[index] = ("manifest.json", Encoding.UTF8.GetBytes(manifest.ToJsonString()));
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (entryName, bytes) in contents)
            {
                using var stream = zip.CreateEntry(entryName).Open();
                stream.Write(bytes);
            }
        }

        return output.ToArray();
    }
}
