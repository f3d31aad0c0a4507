using System.Text.Json;
using ModelOps.Sdk.Cli.Tests.Infrastructure;

namespace ModelOps.Sdk.Cli.Tests.Commands;

public sealed class VersionCommandsTests
{
    [Fact]
    public async Task Register_WithMetadataFile_StoresEveryFieldAndTheModelCard()
    {
        using var registry = new TemporaryRegistry();
        var artifact = registry.WriteFile("model.onnx", "not really onnx, stored as bytes");
        var metadata = registry.WriteFile("metadata.json", """
            {
              "flavor": "sklearn",
              "description": "gradient boosted credit model",
              "metrics": { "auc": 0.86, "logloss": 0.31 },
              "parameters": { "trees": "200" },
              "tags": { "owner": "risk-team" },
              "signature": { "inputs": [ { "name": "income", "dataType": "float32", "shape": [ 1 ] } ], "outputs": [ { "name": "score", "dataType": "float32" } ] },
              "lineage": { "sourceRevision": "git:abc123", "trainingDataFingerprint": "sha256:feed" },
              "modelCard": { "intendedUse": "retail credit decisions", "limitations": "not for business loans" }
            }
            """);

        var run = await registry.RunAsAsync("alice", string.Empty, "versions", "register", "credit", "--artifact", artifact, "--metadata", metadata, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var version = run.Json();
        Assert.Equal(1, version.GetProperty("version").GetInt32());
        Assert.Equal("pendingApproval", version.GetProperty("status").GetString());
        Assert.Equal("alice", version.GetProperty("registeredBy").GetString());
        Assert.Equal(0.86, version.GetProperty("metrics").GetProperty("auc").GetDouble());
        Assert.Equal("200", version.GetProperty("parameters").GetProperty("trees").GetString());
        Assert.Equal("income", version.GetProperty("signature").GetProperty("inputs")[0].GetProperty("name").GetString());
        Assert.Equal("git:abc123", version.GetProperty("lineage").GetProperty("sourceRevision").GetString());
        Assert.Equal(new FileInfo(artifact).Length, version.GetProperty("artifact").GetProperty("length").GetInt64());

        var card = await registry.RunAsAsync("bob", string.Empty, "cards", "show", "credit", "1", "--json");
        Assert.True(card.ExitCode == 0, card.ToString());
        Assert.Equal("retail credit decisions", card.Json().GetProperty("intendedUse").GetString());
        Assert.Equal("risk-team", card.Json().GetProperty("owner").GetString());
    }

    [Fact]
    public async Task ListAndShow_Json_ReturnTheRegisteredVersions()
    {
        using var registry = new TemporaryRegistry();
        await registry.RegisterAsync("credit", 0.81);
        await registry.RegisterAsync("credit", 0.84);
        await registry.RegisterAsync("churn", 0.7);

        var models = await registry.RunAsAsync("bob", string.Empty, "models", "list", "--json");
        var versions = await registry.RunAsAsync("bob", string.Empty, "versions", "list", "credit", "--json");
        var show = await registry.RunAsAsync("bob", string.Empty, "versions", "show", "credit", "2", "--json");
        var table = await registry.RunAsAsync("bob", string.Empty, "versions", "list", "credit");

        Assert.True(models.ExitCode == 0, models.ToString());
        Assert.Equal(["churn", "credit"], models.Json().EnumerateArray().Select(m => m.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal([1, 2], versions.Json().EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal(0.84, show.Json().GetProperty("metrics").GetProperty("auc").GetDouble());
        Assert.Contains("PendingApproval", table.Output, StringComparison.Ordinal);
        Assert.Contains("auc=0.84", table.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_MissingVersion_ExitsWithNotFoundAndNamesIt()
    {
        using var registry = new TemporaryRegistry();
        await registry.RegisterAsync("credit", 0.81);

        var run = await registry.RunAsAsync("bob", string.Empty, "versions", "show", "credit", "9", "--json");

        Assert.Equal(6, run.ExitCode);
        Assert.Empty(run.Output);
        Assert.Contains("9", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Register_MetadataWithUnknownProperty_IsAUsageErrorAndRegistersNothing()
    {
        using var registry = new TemporaryRegistry();
        var artifact = registry.WriteFile("model.bin", "bytes");
        var metadata = registry.WriteFile("metadata.json", """{ "flavor": "sklearn", "metrix": { "auc": 0.9 } }""");

        var run = await registry.RunAsAsync("alice", string.Empty, "versions", "register", "credit", "--artifact", artifact, "--metadata", metadata);
        var models = await registry.RunAsAsync("alice", string.Empty, "models", "list", "--json");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("metrix", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, models.Json().GetArrayLength());
    }

    [Fact]
    public async Task Register_FromEnvironmentVariables_UsesTheStoreAndActorTheyName()
    {
        using var registry = new TemporaryRegistry();
        var otherStore = Path.Combine(registry.Directory, "other-store");
        var artifact = registry.WriteFile("model.bin", "bytes");
        var environment = new Dictionary<string, string> { ["MODELOPS_STORE__PATH"] = otherStore, ["MODELOPS_ACTOR"] = "pipeline-bot" };

        var run = await registry.RunAsync(environment, "versions", "register", "credit", "--artifact", artifact, "--flavor", "sklearn", "--json");
        var inDefault = await registry.RunAsAsync("bob", string.Empty, "models", "list", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("pipeline-bot", run.Json().GetProperty("registeredBy").GetString());
        Assert.True(Directory.Exists(otherStore));
        Assert.Equal(0, inDefault.Json().GetArrayLength());
    }

    [Fact]
    public async Task Register_LargeArtifact_ShowsProgressOnStderrOnlyWhenAsked()
    {
        using var registry = new TemporaryRegistry();
        var artifact = Path.Combine(registry.Directory, "large.bin");
        var content = new byte[20 * 1024 * 1024];
        new Random(7).NextBytes(content);
        await File.WriteAllBytesAsync(artifact, content);
        var always = new Dictionary<string, string> { ["MODELOPS_PROGRESS"] = "always" };

        // stderr is a pipe here, as in a pipeline: no progress by default (auto), progress when configured to always show it.
        var quiet = await registry.RunAsync(new Dictionary<string, string>(), "versions", "register", "credit", "--artifact", artifact, "--flavor", "sklearn", "--json");
        var shown = await registry.RunAsync(always, "versions", "register", "credit", "--artifact", artifact, "--flavor", "sklearn", "--json");

        Assert.True(quiet.ExitCode == 0, quiet.ToString());
        Assert.DoesNotContain("Uploading", quiet.Error, StringComparison.Ordinal);
        Assert.True(shown.ExitCode == 0, shown.ToString());
        Assert.Contains("Uploading large.bin: 100% (20.0 of 20.0 MiB)", shown.Error, StringComparison.Ordinal);
        Assert.Equal(content.LongLength, shown.Json().GetProperty("artifact").GetProperty("length").GetInt64());
    }
}
