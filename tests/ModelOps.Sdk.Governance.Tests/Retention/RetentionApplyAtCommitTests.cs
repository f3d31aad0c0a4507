using ModelOps.Sdk.Governance.Retention;

namespace ModelOps.Sdk.Governance.Tests.Retention;

/// <summary>
/// Applying retention evaluates the policy again when each purge commits: a version the policy keeps by then (it became Approved, an
/// alias pointed to it, a policy was stored for the model) is skipped with the rule that keeps it, not purged by the earlier plan.
/// </summary>
public sealed class RetentionApplyAtCommitTests
{
    private const string Model = RetentionHost.Model;

    [Fact]
    public async Task ApplyAsync_VersionApprovedAfterThePlan_IsSkippedWithTheApprovedRule()
    {
        var (host, guard) = await ThreeOldVersionsAsync();
        await using var _ = host;
        guard.BeforePurge = async version =>
        {
            guard.BeforePurge = null;
            await host.ApproveAsync(version);
            host.As("adam", "model-admin");
        };

        var result = await host.As("adam", "model-admin").Retention.ApplyAsync(Model, "clean-up");

        var skip = Assert.Single(result.Skipped);
        Assert.Equal(1, skip.Decision.Version);
        Assert.Equal([RetentionRules.Approved], skip.Rules);
        Assert.Contains("it is Approved", skip.Reason, StringComparison.Ordinal);
        Assert.Null((await host.Registry.GetVersionAsync(Model, 1)).Purged);
        Assert.Equal([2], result.Purged.Select(d => d.Version!.Value));
        Assert.NotNull((await host.Registry.GetVersionAsync(Model, 2)).Purged);
    }

    [Fact]
    public async Task ApplyAsync_AliasPointedToTheVersionAndMovedAwayAfterThePlan_IsSkippedWithTheAliasWindowRule()
    {
        var (host, guard) = await ThreeOldVersionsAsync();
        await using var _ = host;
        guard.BeforePurge = async version =>
        {
            guard.BeforePurge = null;
            await host.As("dana").Registry.SetAliasAsync(Model, "blue", version);
            await host.Registry.SetAliasAsync(Model, "blue", 3);
            host.As("adam", "model-admin");
        };

        var result = await host.As("adam", "model-admin").Retention.ApplyAsync(Model, "clean-up");

        var skip = Assert.Single(result.Skipped);
        Assert.Equal(1, skip.Decision.Version);
        Assert.Equal([RetentionRules.AliasWindow], skip.Rules);
        Assert.Null((await host.Registry.GetVersionAsync(Model, 1)).Purged);
        Assert.NotNull((await host.Registry.GetVersionAsync(Model, 2)).Purged);
    }

    [Fact]
    public async Task ApplyAsync_ModelPolicyStoredAfterThePlan_SkipsEveryRemainingVersionWithThePolicyChangedRule()
    {
        var (host, guard) = await ThreeOldVersionsAsync();
        await using var _ = host;
        guard.BeforePurge = async _ =>
        {
            guard.BeforePurge = null;
            await host.Retention.SetPolicyAsync(Model, new RetentionPolicyDocument { KeepLastVersions = 3 }, "keep three");
        };

        var result = await host.As("adam", "model-admin").Retention.ApplyAsync(Model, "clean-up");

        Assert.Empty(result.Purged);
        Assert.Equal([1, 2], result.Skipped.Select(s => s.Decision.Version!.Value));
        Assert.All(result.Skipped, s => Assert.Equal([RetentionRules.PolicyChanged], s.Rules));
        Assert.All(await host.Registry.ListVersionsAsync(Model, 0, 10) is var page ? page.Items : [], v => Assert.Null(v.Purged));
    }

    [Fact]
    public async Task ApplyAsync_NothingChangedSinceThePlan_PurgesWhatThePlanSelected()
    {
        var (host, _) = await ThreeOldVersionsAsync();
        await using var disposing = host;

        var result = await host.As("adam", "model-admin").Retention.ApplyAsync(Model, "clean-up");

        Assert.Empty(result.Skipped);
        Assert.Equal([1, 2], result.Purged.Select(d => d.Version!.Value));
    }

    /// <summary>Three versions 60 days old under a configured policy that keeps the last one, Approved ones, and alias targets of 30 days.</summary>
    private static async Task<(RetentionHost Host, BeforePurgeGuard Guard)> ThreeOldVersionsAsync()
    {
        var guard = new BeforePurgeGuard();
        var host = RetentionHost.Create(
            o => o.DefaultPolicy = new RetentionPolicyDocument
            {
                KeepLastVersions = 1,
                KeepAliasTargetsFor = TimeSpan.FromDays(30),
                KeepApproved = true,
                MinimumAge = TimeSpan.FromDays(7),
            },
            b => b.UseInMemory().AddOperationGuard(guard));
        for (var i = 0; i < 3; i++)
        {
            await host.RegisterAsync();
        }

        host.Time.Advance(TimeSpan.FromDays(60));
        return (host, guard);
    }
}
