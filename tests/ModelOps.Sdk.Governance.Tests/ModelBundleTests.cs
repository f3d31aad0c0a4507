using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Governance.Bundles;
using ModelOps.Sdk.Governance.Gates;
using ModelOps.Sdk.Governance.ModelCards;

namespace ModelOps.Sdk.Governance.Tests;

/// <summary>Export from one registry, import into another: every hash and the chain verified, altered bundles refused by entry.</summary>
public sealed class ModelBundleTests : IAsyncLifetime
{
    private const string Model = GovernanceHost.Model;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "modelops-bundle-tests", Guid.NewGuid().ToString("N"));
    private GovernanceHost _source = null!;
    private ServiceProvider _target = null!;
    private byte[] _bundle = null!;

    private IModelRegistry Target => _target.GetRequiredService<IModelRegistry>();

    private IModelBundleService TargetBundles => _target.GetRequiredService<IModelBundleService>();

    public async Task InitializeAsync()
    {
        // The source: a development registry on the filesystem, with governance, two versions and their evidence.
        _source = GovernanceHost.Create(
            o => o.DefaultPolicy.Gates.Add(new MetricThresholdGate("auc", minimum: 0.8)),
            b => b.UseFileSystem(Path.Combine(_root, "dev")).AddModelBundles(o => o.RegistryName = "dev-eu"));
        var v1 = await _source.RegisterAsync(auc: 0.85);
        await _source.As("rita").Registry.RegisterAsync(new ModelVersionRegistration
        {
            ModelName = Model,
            Flavor = "custom",
            Artifact = new MemoryStream(RandomBytes(300_000, seed: 2)),
            ExtraFiles = new Dictionary<string, Stream> { ["vocabulary.txt"] = new MemoryStream(Encoding.UTF8.GetBytes("alpha\nbeta\n")) },
            Metrics = new Dictionary<string, double> { ["auc"] = 0.88 },
            Parameters = new Dictionary<string, string> { ["learningRate"] = "0.05" },
            Tags = new Dictionary<string, string> { ["owner"] = "credit-risk" },
            InputExample = """{"income":52000}""",
            Lineage = new ModelLineage { ParentVersion = v1.Version, SourceRevision = "9f1c2e7" },
            Description = "retrained on 2025 data",
        });
        await _source.As("alice", "model-approver").Governance.SaveModelCardAsync(Model, 2, new ModelCardContent { IntendedUse = "consumer credit pre-screening", Owner = "credit-risk" });
        await _source.Governance.ApproveAsync(Model, 2, "reviewed");

        using var bundle = new MemoryStream();
        await _source.Services.GetRequiredService<IModelBundleService>().ExportAsync(Model, null, bundle);
        _bundle = bundle.ToArray();

        // The target: a production registry that already holds another version of the model, so numbers differ.
        var services = new ServiceCollection();
        services.AddModelOps().UseFileSystem(Path.Combine(_root, "prod")).AddModelBundles(o => o.RegistryName = "prod");
        _target = services.BuildServiceProvider();
        await Target.RegisterAsync(new ModelVersionRegistration { ModelName = Model, Flavor = "custom", Artifact = new MemoryStream([1, 2, 3]) });
    }

    public async Task DisposeAsync()
    {
        await _source.DisposeAsync();
        await _target.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Import_IntoAnotherRegistry_NewGaplessNumbersLineageToTheSourceSameBytesAndVerifiedEvidence()
    {
        var result = await TargetBundles.ImportAsync(new MemoryStream(_bundle));

        Assert.Equal(("credit", "dev-eu"), (result.ModelName, result.SourceRegistry));
        Assert.Equal([(1, 2, false), (2, 3, false)], result.Versions.Select(v => (v.SourceVersion, v.TargetVersion, v.AlreadyImported)));
        var imported = await Target.GetVersionAsync(Model, 3);
        Assert.Equal(new ModelOrigin("dev-eu", Model, 2, imported.Artifact.Sha256), imported.Lineage.ImportedFrom);
        Assert.Equal(2, imported.Lineage.ParentVersion);
        Assert.Equal("9f1c2e7", imported.Lineage.SourceRevision);
        Assert.Equal(ModelVersionStatus.PendingApproval, imported.Status);
        Assert.Equal(0.88, imported.Metrics["auc"]);
        using (var artifact = await Target.OpenArtifactAsync(Model, 3))
        using (var copy = new MemoryStream())
        {
            await artifact.CopyToAsync(copy);
            Assert.Equal(RandomBytes(300_000, seed: 2), copy.ToArray());
        }

        using (var extra = new StreamReader(await Target.OpenExtraFileAsync(Model, 3, "vocabulary.txt")))
        {
            Assert.Equal("alpha\nbeta\n", await extra.ReadToEndAsync());
        }

        // Evidence travels; the source's decisions (approval, gate report) stay evidence only.
        var documents = await Target.ListDocumentsAsync(Model, 3);
        Assert.Equal(["import-evidence", "model-card"], documents.Select(d => d.Kind).Order(StringComparer.Ordinal));
        var evidence = documents.Single(d => d.Kind == "import-evidence");
        using var json = JsonDocument.Parse(await Target.ReadDocumentAsync(evidence));
        var operations = json.RootElement.GetProperty("auditEntries").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToArray();
        Assert.Contains("version.registered", operations);
        Assert.Contains("version.status-changed", operations);
        Assert.Contains(json.RootElement.GetProperty("documents").EnumerateArray(), d => d.GetProperty("kind").GetString() == DocumentKinds.Approval);

        // The target's own chain records the import and still verifies.
        var log = await Target.ReadAuditLogAsync(Model);
        Assert.Contains(log, e => e.Operation == "version.registered" && e.Version == 3 && e.Reason!.Contains("imported from registry 'dev-eu'", StringComparison.Ordinal));
        Assert.True((await Target.VerifyAuditLogAsync(Model)).IsValid);

        // Importing the same bundle again changes nothing.
        var again = await TargetBundles.ImportAsync(new MemoryStream(_bundle));
        Assert.All(again.Versions, v => Assert.True(v.AlreadyImported));
        Assert.Equal(3, (await Target.ListModelsAsync()).Single().LatestVersion);
    }

    [Fact]
    public async Task Import_OneByteOfAnArtifactChanged_IsRefusedNamingTheEntryAndNothingIsImported()
    {
        var record = await _source.Registry.GetVersionAsync(Model, 2);
        var altered = Rewrite(_bundle, $"blobs/{record.Artifact.Sha256}", bytes => bytes[150_000] ^= 0x01, fixManifest: false);

        var ex = await Assert.ThrowsAsync<BundleIntegrityException>(() => TargetBundles.ImportAsync(new MemoryStream(altered)));

        Assert.Equal($"blobs/{record.Artifact.Sha256}", ex.Entry);
        Assert.Contains("the manifest says", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await Target.ListModelsAsync()).Single().LatestVersion);
    }

    [Fact]
    public async Task Import_OneByteOfTheFileFlipped_IsRefusedWithAnIntegrityError()
    {
        // Blobs are stored uncompressed, so this byte lands inside the version 2 artifact's entry.
        var record = await _source.Registry.GetVersionAsync(Model, 2);
        var raw = (byte[])_bundle.Clone();
        var marker = RandomBytes(300_000, seed: 2).AsSpan(100_000, 64).ToArray();
        var at = raw.AsSpan().IndexOf(marker);
        Assert.True(at > 0, "the artifact's bytes are stored uncompressed in the bundle");
        raw[at + 10] ^= 0x80;

        var ex = await Assert.ThrowsAsync<BundleIntegrityException>(() => TargetBundles.VerifyAsync(new MemoryStream(raw)));

        Assert.Equal($"blobs/{record.Artifact.Sha256}", ex.Entry);
        Assert.Equal(1, (await Target.ListModelsAsync()).Single().LatestVersion);
    }

    [Fact]
    public async Task Import_ChainOrMetadataRewrittenWithTheManifestFixed_IsCaughtByTheAuditChain()
    {
        // A careful forger edits the audit chain (version 2's description) and fixes the manifest's hash of it: the edited
        // entry's hash no longer matches its content.
        var forgedChain = Rewrite(_bundle, "audit/chain.json", bytes =>
        {
            var text = Encoding.UTF8.GetString(bytes).Replace("retrained on 2025 data", "retrained on 2026 data", StringComparison.Ordinal);
            var replaced = Encoding.UTF8.GetBytes(text);
            Assert.Equal(bytes.Length, replaced.Length);
            replaced.CopyTo(bytes, 0);
        }, fixManifest: true);
        var ex = await Assert.ThrowsAsync<BundleIntegrityException>(() => TargetBundles.ImportAsync(new MemoryStream(forgedChain)));
        Assert.Equal("audit/chain.json", ex.Entry);

        // Or points version 2 at version 1's artifact and fixes the manifest: the chain registered version 2 with another hash.
        var otherArtifact = (await _source.Registry.GetVersionAsync(Model, 1)).Artifact.Sha256;
        var swapped = Rewrite(_bundle, "versions/2.json", bytes =>
        {
            var record = JsonSerializer.Deserialize<JsonElement>(bytes);
            var sha = record.GetProperty("artifact").GetProperty("sha256").GetString()!;
            var text = Encoding.UTF8.GetString(bytes).Replace(sha, otherArtifact, StringComparison.Ordinal);
            Encoding.UTF8.GetBytes(text).CopyTo(bytes, 0);
        }, fixManifest: true);
        var mismatch = await Assert.ThrowsAsync<BundleIntegrityException>(() => TargetBundles.ImportAsync(new MemoryStream(swapped)));
        Assert.Equal("versions/2.json", mismatch.Entry);
        Assert.Equal(1, (await Target.ListModelsAsync()).Single().LatestVersion);
    }

    [Theory]
    [InlineData("tags", """{"owner":"attacker"}""")]
    [InlineData("metrics", """{"auc":0.99}""")]
    [InlineData("parameters", """{"learningRate":"0.5"}""")]
    [InlineData("description", "\"retrained on 2026 data\"")]
    [InlineData("signature", """{"inputs":[{"name":"income","dataType":"float64"}],"outputs":[]}""")]
    [InlineData("lineage", """{"parentVersion":1,"sourceRevision":"0000000"}""")]
    [InlineData("inputExample", "\"{\\\"income\\\":1}\"")]
    [InlineData("status", "\"Rejected\"")]
    [InlineData("registeredBy", "\"alice\"")]
    [InlineData("flavor", "\"onnx\"")]
    public async Task Import_VersionFieldEditedWithTheManifestFixed_IsRefusedNamingTheFieldAndNothingIsImported(string field, string forgedJson)
    {
        // The attack: edit one field of versions/2.json (a forged owner tag, a better metric...) and fix the manifest's hash of it.
        var forged = Replace(_bundle, "versions/2.json", bytes => EditJson(bytes, field, forgedJson), fixManifest: true);

        var ex = await Assert.ThrowsAsync<BundleIntegrityException>(() => TargetBundles.ImportAsync(new MemoryStream(forged)));

        Assert.Equal("versions/2.json", ex.Entry);
        Assert.Contains(field, ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, (await Target.ListModelsAsync()).Single().LatestVersion);
        Assert.Single(await Target.ReadAuditLogAsync(Model));
    }

    [Fact]
    public async Task Import_TagOfVersionOneEditedWithTheManifestFixed_IsRefusedAndTheTargetJournalNeverHoldsIt()
    {
        // Version 1 has no tags in the source; the forger adds owner=attacker, as in the reported attack.
        var forged = Replace(_bundle, "versions/1.json", bytes => EditJson(bytes, "tags", """{"owner":"attacker"}"""), fixManifest: true);

        var ex = await Assert.ThrowsAsync<BundleIntegrityException>(() => TargetBundles.ImportAsync(new MemoryStream(forged)));

        Assert.Equal("versions/1.json", ex.Entry);
        Assert.DoesNotContain(await Target.ReadAuditLogAsync(Model), e => (e.After ?? string.Empty).Contains("attacker", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Import_TagChangedAfterRegistration_TravelsAndVerifiesAgainstTheChainsLaterEntries()
    {
        // A tag, description and status changed after registration are in the chain too: the bundle's record is the fold of them.
        await _source.Registry.UpdateTagsAsync(Model, 1, new Dictionary<string, string?> { ["owner"] = "retail-risk" }, reason: "handover");
        await _source.Registry.UpdateDescriptionAsync(Model, 1, "baseline", reason: "document it");
        using var bundle = new MemoryStream();
        await _source.Services.GetRequiredService<IModelBundleService>().ExportAsync(Model, null, bundle);

        var result = await TargetBundles.ImportAsync(new MemoryStream(bundle.ToArray()));

        var imported = await Target.GetVersionAsync(Model, result.Versions[0].TargetVersion);
        Assert.Equal("retail-risk", imported.Tags["owner"]);
        Assert.Equal("baseline", imported.Description);
    }

    [Fact]
    public async Task Import_ManifestNamesAnotherModel_IsAnIntegrityErrorNotAnArgumentError()
    {
        // The manifest is not hashed by itself: a forger renames the model it claims to carry. The anchor is still the source chain's.
        var renamed = RewriteManifest(_bundle, manifest => manifest["modelName"] = "victim");

        var ex = await Assert.ThrowsAsync<BundleIntegrityException>(() => TargetBundles.ImportAsync(new MemoryStream(renamed)));

        Assert.Equal("manifest.json", ex.Entry);
        Assert.Contains("victim", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await Target.ListModelsAsync(), m => m.Name == "victim");
    }

    [Fact]
    public async Task Import_ChainEntriesOfAnotherModel_IsAnIntegrityErrorNotAnArgumentError()
    {
        // Renamed model and anchor: every entry of the carried chain now belongs to a foreign chain.
        var renamed = RewriteManifest(_bundle, manifest =>
        {
            manifest["modelName"] = "victim";
            manifest["auditAnchor"]!["scope"] = "victim";
        });

        var ex = await Assert.ThrowsAsync<BundleIntegrityException>(() => TargetBundles.VerifyAsync(new MemoryStream(renamed)));

        Assert.Equal("audit/chain.json", ex.Entry);
        Assert.Contains("'credit'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await Target.ListModelsAsync(), m => m.Name == "victim");
    }

    [Fact]
    public async Task Export_ChosenVersions_OnlyThoseTravel_AndVerifyReadsTheManifest()
    {
        using var bundle = new MemoryStream();
        var manifest = await _source.Services.GetRequiredService<IModelBundleService>().ExportAsync(Model, [2], bundle);
        bundle.Position = 0;

        var verified = await TargetBundles.VerifyAsync(bundle);

        Assert.Equal([2], manifest.Versions.Select(v => v.Version));
        Assert.Equal(manifest.Entries, verified.Entries);
        Assert.Equal("dev-eu", verified.SourceRegistry);
        var result = await TargetBundles.ImportAsync(new MemoryStream(bundle.ToArray()));
        var only = Assert.Single(result.Versions);
        Assert.Null((await Target.GetVersionAsync(Model, only.TargetVersion)).Lineage.ParentVersion);
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Replaces one top-level property of a JSON entry.</summary>
    private static byte[] EditJson(byte[] bytes, string property, string json)
    {
        var node = JsonNode.Parse(bytes)!.AsObject();
        node[property] = JsonNode.Parse(json);
        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    /// <summary>Copies a bundle with its manifest edited (the manifest lists the other entries' hashes, not its own).</summary>
    private static byte[] RewriteManifest(byte[] bundle, Action<JsonObject> change) =>
        Replace(bundle, "manifest.json", bytes =>
        {
            var node = JsonNode.Parse(bytes)!.AsObject();
            change(node);
            return Encoding.UTF8.GetBytes(node.ToJsonString());
        }, fixManifest: false);

    /// <summary>Copies a bundle with one entry's bytes changed, optionally updating the manifest's hash of it (a careful forger).</summary>
    private static byte[] Rewrite(byte[] bundle, string entryName, Action<byte[]> change, bool fixManifest) =>
        Replace(bundle, entryName, bytes =>
        {
            change(bytes);
            return bytes;
        }, fixManifest);

    /// <summary>Copies a bundle with one entry replaced, optionally updating the manifest's hash of it (a careful forger).</summary>
    private static byte[] Replace(byte[] bundle, string entryName, Func<byte[], byte[]> change, bool fixManifest)
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

        var at = contents.FindIndex(c => c.Name == entryName);
        var target = change(contents[at].Bytes);
        contents[at] = (entryName, target);
        if (fixManifest)
        {
            var index = contents.FindIndex(c => c.Name == "manifest.json");
            var manifest = Encoding.UTF8.GetString(contents[index].Bytes);
            using var parsed = JsonDocument.Parse(manifest);
            var old = parsed.RootElement.GetProperty("entries").GetProperty(entryName).GetString()!;
            contents[index] = ("manifest.json", Encoding.UTF8.GetBytes(manifest.Replace(old, Convert.ToHexStringLower(SHA256.HashData(target)), StringComparison.Ordinal)));
        }

        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in contents)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(bytes);
            }
        }

        return output.ToArray();
    }
}
