using System.IO.Compression;
using ModelOps.Sdk.Cli.Tests.Infrastructure;

namespace ModelOps.Sdk.Cli.Tests.Commands;

public sealed class BundleCommandsTests
{
    [Fact]
    public async Task ExportThenImport_IntoAnotherRegistry_RegistersTheVersionsWithTheirOrigin()
    {
        using var source = new TemporaryRegistry();
        using var target = new TemporaryRegistry();
        await source.RegisterAsync("credit", auc: 0.9);
        var second = await source.RegisterAsync("credit", auc: 0.93);
        var bundle = Path.Combine(source.Directory, "out", "credit.bundle");

        var export = await source.RunAsAsync("ops", string.Empty, "bundles", "export", "credit", "--output", bundle, "--versions", $"{second}", "--json");
        var verify = await target.RunAsAsync("ops", string.Empty, "bundles", "verify", bundle, "--json");
        var import = await target.RunAsAsync("ops", string.Empty, "bundles", "import", bundle, "--json");
        var imported = await target.RunAsAsync("ops", string.Empty, "versions", "show", "credit", "1", "--json");

        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Equal([second], export.Json().GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        Assert.True(File.Exists(bundle));
        Assert.False(File.Exists(bundle + ".partial"));
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.True(import.ExitCode == 0, import.ToString());
        var mapping = Assert.Single(import.Json().GetProperty("versions").EnumerateArray());
        Assert.Equal(second, mapping.GetProperty("sourceVersion").GetInt32());
        Assert.Equal(1, mapping.GetProperty("targetVersion").GetInt32());
        Assert.True(imported.ExitCode == 0, imported.ToString());
        Assert.Equal(0.93, imported.Json().GetProperty("metrics").GetProperty("auc").GetDouble());
        Assert.Equal(second, imported.Json().GetProperty("lineage").GetProperty("importedFrom").GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Import_AlteredBundle_ExitsWithIntegrityFailureNamingTheEntryAndImportsNothing()
    {
        using var source = new TemporaryRegistry();
        using var target = new TemporaryRegistry();
        await source.RegisterAsync("credit", auc: 0.9);
        var bundle = Path.Combine(source.Directory, "credit.bundle");
        var export = await source.RunAsAsync("ops", string.Empty, "bundles", "export", "credit", "-o", bundle);
        Assert.True(export.ExitCode == 0, export.ToString());
        var altered = ChangeOneByte(bundle, "blobs/");

        var import = await target.RunAsAsync("ops", string.Empty, "bundles", "import", bundle, "--json");
        var verify = await target.RunAsAsync("ops", string.Empty, "bundles", "verify", bundle);
        var models = await target.RunAsAsync("ops", string.Empty, "models", "list", "--json");

        Assert.True(import.ExitCode == 4, import.ToString());
        Assert.Contains(altered, import.Error, StringComparison.Ordinal);
        Assert.Equal(4, verify.ExitCode);
        Assert.Equal(0, models.Json().GetArrayLength());
    }

    [Fact]
    public async Task Import_ManifestRenamedToAnotherModel_ExitsWithIntegrityFailureAndImportsNothing()
    {
        using var source = new TemporaryRegistry();
        using var target = new TemporaryRegistry();
        await source.RegisterAsync("credit", auc: 0.9);
        var bundle = Path.Combine(source.Directory, "credit.bundle");
        var export = await source.RunAsAsync("ops", string.Empty, "bundles", "export", "credit", "-o", bundle);
        Assert.True(export.ExitCode == 0, export.ToString());
        RenameModelInManifest(bundle, "victim");

        var import = await target.RunAsAsync("ops", string.Empty, "bundles", "import", bundle);
        var models = await target.RunAsAsync("ops", string.Empty, "models", "list", "--json");

        Assert.True(import.ExitCode == 4, import.ToString());
        Assert.Contains("manifest.json", import.Error, StringComparison.Ordinal);
        Assert.Contains("'victim'", import.Error, StringComparison.Ordinal);
        Assert.Equal(0, models.Json().GetArrayLength());
    }

    [Fact]
    public async Task Export_UnknownModel_ExitsWithNotFoundAndWritesNoFile()
    {
        using var registry = new TemporaryRegistry();
        var bundle = Path.Combine(registry.Directory, "none.bundle");

        var run = await registry.RunAsAsync("ops", string.Empty, "bundles", "export", "nothing", "-o", bundle);

        Assert.True(run.ExitCode == 6, run.ToString());
        Assert.False(File.Exists(bundle));
        Assert.False(File.Exists(bundle + ".partial"));
    }

    /// <summary>Rewrites the manifest's model name (the manifest holds the other entries' hashes, not its own).</summary>
    private static void RenameModelInManifest(string bundle, string model)
    {
        using var archive = ZipFile.Open(bundle, ZipArchiveMode.Update);
        var entry = archive.GetEntry("manifest.json")!;
        System.Text.Json.Nodes.JsonObject manifest;
        using (var read = entry.Open())
        {
            manifest = System.Text.Json.Nodes.JsonNode.Parse(read)!.AsObject();
        }

        manifest["modelName"] = model;
        entry.Delete();
        using var write = archive.CreateEntry("manifest.json").Open();
        write.Write(System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString()));
    }

    /// <summary>Flips one byte of the first entry whose name starts with <paramref name="prefix"/>, leaving the manifest as it was.</summary>
    private static string ChangeOneByte(string bundle, string prefix)
    {
        using var archive = ZipFile.Open(bundle, ZipArchiveMode.Update);
        var entry = archive.Entries.First(e => e.FullName.StartsWith(prefix, StringComparison.Ordinal));
        byte[] bytes;
        using (var read = entry.Open())
        using (var copy = new MemoryStream())
        {
            read.CopyTo(copy);
            bytes = copy.ToArray();
        }

        bytes[bytes.Length / 2] ^= 0x01;
        var name = entry.FullName;
        entry.Delete();
        using (var write = archive.CreateEntry(name).Open())
        {
            write.Write(bytes);
        }

        return name;
    }
}
