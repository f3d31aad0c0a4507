using System.Text.Json;
using ModelOps.Sdk.Cli.Tests.Infrastructure;

namespace ModelOps.Sdk.Cli.Tests.Commands;

/// <summary>The tool reads the <c>ModelOps</c> section a host binds, and its older keys as aliases.</summary>
public sealed class ConfigurationLayoutTests
{
    [Fact]
    public async Task ModelOpsSection_TheHostsAppSettings_PointsTheToolAtTheSameStore()
    {
        using var registry = new TemporaryRegistry();
        var hostStore = Path.Combine(registry.Directory, "host-store");
        registry.WriteFile("appsettings.json", JsonSerializer.Serialize(new
        {
            ModelOps = new
            {
                Store = new { RootPath = hostStore },
                Governance = new { ProtectedAliases = new[] { "production" } },
            },
        }));
        var artifact = registry.WriteFile("model.bin", "bytes");

        var register = await registry.RunAsAsync("alice", string.Empty, "versions", "register", "credit", "--artifact", artifact, "--flavor", "sklearn", "--json");
        var champion = await registry.RunAsAsync("alice", "model-deployer", "aliases", "set", "credit", "champion", "1", "--json");
        var production = await registry.RunAsAsync("alice", "model-deployer", "aliases", "set", "credit", "production", "1", "--json");

        Assert.True(register.ExitCode == 0, register.ToString());
        Assert.True(Directory.Exists(hostStore));
        Assert.False(Directory.Exists(registry.StorePath));
        // The section's governance applies: only 'production' is protected (an unapproved version cannot go there).
        Assert.True(champion.ExitCode == 0, champion.ToString());
        Assert.NotEqual(0, production.ExitCode);
        Assert.Contains("protected-alias", production.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LegacyEnvironmentVariable_OverridesTheSectionKeyOfTheFile()
    {
        using var registry = new TemporaryRegistry();
        var fileStore = Path.Combine(registry.Directory, "file-store");
        var environmentStore = Path.Combine(registry.Directory, "environment-store");
        registry.WriteFile("appsettings.json", JsonSerializer.Serialize(new { ModelOps = new { Store = new { RootPath = fileStore } } }));
        var artifact = registry.WriteFile("model.bin", "bytes");

        var run = await registry.RunAsync(new Dictionary<string, string> { ["MODELOPS_STORE__PATH"] = environmentStore }, "versions", "register", "credit", "--artifact", artifact, "--flavor", "sklearn", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(Directory.Exists(environmentStore));
        Assert.False(Directory.Exists(fileStore));
    }

    [Fact]
    public async Task SectionEnvironmentVariable_WinsOverTheLegacyKeyOfTheSameSource()
    {
        using var registry = new TemporaryRegistry();
        var sectionStore = Path.Combine(registry.Directory, "section-store");
        var legacyStore = Path.Combine(registry.Directory, "legacy-store");
        var artifact = registry.WriteFile("model.bin", "bytes");

        var run = await registry.RunAsync(
            new Dictionary<string, string> { ["MODELOPS_MODELOPS__STORE__ROOTPATH"] = sectionStore, ["MODELOPS_STORE__PATH"] = legacyStore },
            "versions", "register", "credit", "--artifact", artifact, "--flavor", "sklearn", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(Directory.Exists(sectionStore));
        Assert.False(Directory.Exists(legacyStore));
    }
}
