using System.Globalization;
using ModelOps.Sdk.Cli.Tests.Infrastructure;

namespace ModelOps.Sdk.Cli.Tests.Commands;

public sealed class AliasCommandsTests
{
    private const string Deployer = "model-deployer";

    [Fact]
    public async Task MoveToUnapprovedVersion_ProtectedAlias_IsRefused()
    {
        using var registry = new TemporaryRegistry();
        var version = await registry.RegisterAsync("credit", auc: 0.91);

        var run = await registry.RunAsAsync("carol", Deployer, "aliases", "move", "credit", "champion", $"{version}", "--expected-version", "none");

        Assert.True(run.ExitCode == 5, run.ToString());
        Assert.Contains("protected-alias", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfiguredWithAnotherChampion_StoredProtectedChampion_StaysProtected()
    {
        using var registry = new TemporaryRegistry(new { ChampionAlias = "other", ProtectedAliases = new[] { "other" } });
        var policy = registry.WriteFile("policy.json", """{ "requiredApprovals": 1, "protectedAliases": [ "champion" ], "championAlias": "champion" }""");
        var stored = await registry.RunAsAsync("ada", "model-admin", "policy", "set", "--file", policy, "--reason", "CR-7: champion is protected");
        var version = await registry.RegisterAsync("credit", auc: 0.91);

        var run = await registry.RunAsAsync("carol", Deployer, "aliases", "move", "credit", "champion", $"{version}", "--expected-version", "none");

        Assert.True(stored.ExitCode == 0, stored.ToString());
        Assert.True(run.ExitCode == 5, run.ToString());
        Assert.Contains("protected-alias", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Move_WrongExpectedVersion_ExitsWithConflict()
    {
        using var registry = new TemporaryRegistry();
        var first = await registry.RegisterAsync("credit", auc: 0.91);
        var second = await registry.RegisterAsync("credit", auc: 0.92);
        Assert.Equal(0, (await registry.RunAsAsync("carol", Deployer, "aliases", "set", "credit", "staging", $"{first}")).ExitCode);

        var run = await registry.RunAsAsync("carol", Deployer, "aliases", "move", "credit", "staging", $"{second}", "--expected-version", "7");

        Assert.True(run.ExitCode == 7, run.ToString());
    }

    [Fact]
    public async Task PromoteThenRollback_RecordsHistoryAndResolvesPointsInTime()
    {
        using var registry = new TemporaryRegistry();
        var first = await registry.RegisterAsync("credit", auc: 0.90, actor: "alice");
        var second = await registry.RegisterAsync("credit", auc: 0.91, actor: "alice");
        foreach (var version in new[] { first, second })
        {
            var approve = await registry.RunAsAsync("bob", "model-approver", "review", "approve", "credit", $"{version}");
            Assert.True(approve.ExitCode == 0, approve.ToString());
        }

        var promoteFirst = await registry.RunAsAsync("carol", Deployer, "aliases", "move", "credit", "champion", $"{first}", "--expected-version", "none", "--json");
        var promoteSecond = await registry.RunAsAsync("carol", Deployer, "aliases", "move", "credit", "champion", $"{second}", "--expected-version", $"{first}");
        var rollback = await registry.RunAsAsync("carol", Deployer, "aliases", "rollback", "credit", "champion", "--reason", "INC-4711 score drift", "--json");
        var history = await registry.RunAsAsync("dave", string.Empty, "aliases", "history", "credit", "champion", "--json");
        var now = await registry.RunAsAsync("dave", string.Empty, "aliases", "resolve", "credit", "champion");
        var list = await registry.RunAsAsync("dave", string.Empty, "aliases", "list", "credit", "--json");

        Assert.True(promoteFirst.ExitCode == 0, promoteFirst.ToString());
        Assert.Equal(first, promoteFirst.Json().GetProperty("version").GetInt32());
        Assert.True(promoteSecond.ExitCode == 0, promoteSecond.ToString());
        Assert.True(rollback.ExitCode == 0, rollback.ToString());
        Assert.Equal(first, rollback.Json().GetProperty("version").GetInt32());
        Assert.Equal($"{first}", now.Output.Trim());
        var champion = Assert.Single(list.Json().EnumerateArray());
        Assert.Equal("champion", champion.GetProperty("alias").GetString());
        Assert.Equal(first, champion.GetProperty("version").GetInt32());

        var changes = history.Json().EnumerateArray().ToArray();
        Assert.Equal(["moved", "moved", "rolledBack"], changes.Select(c => c.GetProperty("kind").GetString()));
        Assert.Equal("INC-4711 score drift", changes[2].GetProperty("reason").GetString());
        Assert.Equal("carol", changes[2].GetProperty("actor").GetString());

        // Between the second promotion and the rollback the alias pointed to the second version; before any move it did not exist.
        var secondMovedAt = changes[1].GetProperty("timestamp").GetDateTimeOffset();
        var rolledBackAt = changes[2].GetProperty("timestamp").GetDateTimeOffset();
        Assert.True(rolledBackAt > secondMovedAt);
        var atSecond = await registry.RunAsAsync("dave", string.Empty, "aliases", "resolve", "credit", "champion", "--at", secondMovedAt.ToString("O", CultureInfo.InvariantCulture), "--json");
        var beforeAny = await registry.RunAsAsync("dave", string.Empty, "aliases", "resolve", "credit", "champion", "--at", changes[0].GetProperty("timestamp").GetDateTimeOffset().AddMinutes(-1).ToString("O", CultureInfo.InvariantCulture));
        Assert.True(atSecond.ExitCode == 0, atSecond.ToString());
        Assert.Equal(second, atSecond.Json().GetProperty("version").GetInt32());
        Assert.True(beforeAny.ExitCode == 6, beforeAny.ToString());
        Assert.Contains("did not point to any version", beforeAny.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollback_WithoutDeployerRole_IsRefused()
    {
        using var registry = new TemporaryRegistry(governance: new { EnforceRoles = true });
        var first = await registry.RegisterAsync("credit", auc: 0.9);
        var second = await registry.RegisterAsync("credit", auc: 0.9);
        Assert.Equal(0, (await registry.RunAsAsync("bob", "model-approver", "review", "approve", "credit", $"{first}")).ExitCode);
        Assert.Equal(0, (await registry.RunAsAsync("bob", "model-approver", "review", "approve", "credit", $"{second}")).ExitCode);
        Assert.Equal(0, (await registry.RunAsAsync("carol", Deployer, "aliases", "move", "credit", "champion", $"{first}", "--expected-version", "none")).ExitCode);
        Assert.Equal(0, (await registry.RunAsAsync("carol", Deployer, "aliases", "move", "credit", "champion", $"{second}", "--expected-version", $"{first}")).ExitCode);

        var run = await registry.RunAsAsync("mallory", string.Empty, "aliases", "rollback", "credit", "champion", "--reason", "because");

        Assert.True(run.ExitCode == 5, run.ToString());
        Assert.Contains(Deployer, run.Error, StringComparison.Ordinal);
    }
}
