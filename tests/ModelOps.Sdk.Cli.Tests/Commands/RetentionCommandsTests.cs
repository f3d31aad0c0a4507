using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Cli.Tests.Infrastructure;

namespace ModelOps.Sdk.Cli.Tests.Commands;

/// <summary><c>modelops retention plan|apply|policy</c> run as separate processes against a temporary filesystem registry.</summary>
public sealed class RetentionCommandsTests
{
    private const string Policy = """{ "keepLastVersions": 1, "keepAliasTargetsFor": "00:00:00", "minimumAge": "00:00:00" }""";

    [Fact]
    public async Task RetentionApply_PlanThenRefusedWithoutTheRoleThenAppliedByAnAdministrator_PurgesWhatThePlanListedAndTheChainVerifies()
    {
        using var registry = new TemporaryRegistry();
        for (var i = 0; i < 3; i++)
        {
            await registry.RegisterAsync("credit", auc: 0.9);
        }

        var file = registry.WriteFile("retention.json", Policy);
        var set = await registry.RunAsAsync("ada", "model-admin", "retention", "policy", "set", "--model", "credit", "--file", file, "--reason", "CR-9: keep one", "--json");
        var plan = await registry.RunAsAsync("bob", string.Empty, "retention", "plan", "--model", "credit", "--json");
        var refused = await registry.RunAsAsync("bob", "model-deployer", "retention", "apply", "--model", "credit", "--reason", "clean-up");
        var stillPlanned = await registry.RunAsAsync("bob", string.Empty, "retention", "plan", "--json");
        var applied = await registry.RunAsAsync("ada", "model-admin", "retention", "apply", "--model", "credit", "--reason", "clean-up", "--json");
        var after = await registry.RunAsAsync("bob", string.Empty, "retention", "plan", "--model", "credit");
        var verify = await registry.RunAsAsync("bob", string.Empty, "audit", "verify", "credit");

        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Equal(("storedModelPolicy", 1), (set.Json().GetProperty("source").GetString(), set.Json().GetProperty("revision").GetInt32()));
        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.Equal(2, plan.Json().GetProperty("toPurge").GetInt32());
        Assert.Equal([1, 2], plan.Json().GetProperty("decisions").EnumerateArray().Select(d => d.GetProperty("version").GetInt32()));
        Assert.All(plan.Json().GetProperty("decisions").EnumerateArray(), d => Assert.Equal("no-keep-rule", d.GetProperty("rules")[0].GetString()));
        Assert.True(refused.ExitCode == 5, refused.ToString());
        Assert.Contains("refused (authorization)", refused.Error, StringComparison.Ordinal);
        Assert.Contains("model-admin", refused.Error, StringComparison.Ordinal);
        Assert.Equal(2, stillPlanned.Json().GetProperty("toPurge").GetInt32());
        Assert.True(applied.ExitCode == 0, applied.ToString());
        Assert.Equal(2, applied.Json().GetProperty("purged").GetArrayLength());
        Assert.True(after.ExitCode == 0, after.ToString());
        Assert.Contains("Nothing would purge.", after.Output, StringComparison.Ordinal);
        Assert.True(verify.ExitCode == 0, verify.ToString());

        // Another process, opening the store afresh, sees the purge with who made it and why, and is refused the bytes.
        var services = new ServiceCollection();
        services.AddModelOps().UseFileSystem(registry.StorePath);
        await using var provider = services.BuildServiceProvider();
        var reader = provider.GetRequiredService<IModelRegistry>();
        var purged = await reader.GetVersionAsync("credit", 1);
        Assert.Equal("ada", purged.Purged!.PurgedBy);
        Assert.Contains("clean-up", purged.Purged.Reason, StringComparison.Ordinal);
        var ex = await Assert.ThrowsAsync<ModelVersionPurgedException>(() => reader.OpenArtifactAsync("credit", 2));
        Assert.Equal(2, ex.Version);
        Assert.Null((await reader.GetVersionAsync("credit", 3)).Purged);
        var log = await reader.ReadAuditLogAsync("credit");
        Assert.Contains(log, e => e.Operation == "operation.refused" && e.Actor == "bob");
        Assert.Equal(2, log.Count(e => e.Operation == "version.purged"));
    }

    [Fact]
    public async Task RetentionPlan_NoPolicy_ListsNothingAndSaysWhy()
    {
        using var registry = new TemporaryRegistry();
        await registry.RegisterAsync("credit", auc: 0.9);
        await registry.RegisterAsync("credit", auc: 0.9);

        var plan = await registry.RunAsAsync("bob", string.Empty, "retention", "plan");

        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.Contains("credit: no retention policy.", plan.Output, StringComparison.Ordinal);
        Assert.Contains("Nothing would purge.", plan.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetentionPolicySet_InvalidFile_ExitsUsageNamingTheFieldAndStoresNothing()
    {
        using var registry = new TemporaryRegistry();
        await registry.RegisterAsync("credit", auc: 0.9);
        var file = registry.WriteFile("retention.json", """{ "keepLastVersions": 0, "keepLastVersion": 3 }""");

        var set = await registry.RunAsAsync("ada", "model-admin", "retention", "policy", "set", "--model", "credit", "--file", file, "--reason", "typo");
        var show = await registry.RunAsAsync("ada", "model-admin", "retention", "policy", "show", "--model", "credit", "--json");

        Assert.True(set.ExitCode == 2, set.ToString());
        Assert.Contains("keepLastVersion", set.Error, StringComparison.Ordinal);
        Assert.Equal("none", show.Json().GetProperty("source").GetString());
    }
}
