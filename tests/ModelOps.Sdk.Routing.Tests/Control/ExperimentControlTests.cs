using ModelOps.Sdk.Audit;
using ModelOps.Sdk.Routing.Control;
using ModelOps.Sdk.Routing.Experiments;

namespace ModelOps.Sdk.Routing.Tests.Control;

public sealed class ExperimentControlTests
{
    private static readonly Applicant Input = new() { Region = "EU", Income = 50000, Age = 40 };

    private static ExperimentDefinition Split(string name = "live") =>
        new ExperimentBuilder(RoutingHost.Model, name).WithChampionAlias("champion", 50).AddChallengerAlias("next", "challenger", 50).Build();

    [Fact]
    public async Task SaveAsync_StoresRevisionsAuditedWithTheirReasons()
    {
        await using var host = await RoutingHost.CreateAsync();
        await host.Store.SaveAsync(Split(), "start the experiment");
        await host.Controller.FreezeAsync(RoutingHost.Model, "live", "holiday freeze");

        var history = await host.Store.GetHistoryAsync(RoutingHost.Model, "live");
        Assert.Equal([1, 2], history.Select(h => h.Document.Revision));
        Assert.Equal([ExperimentStatus.Running, ExperimentStatus.Frozen], history.Select(h => h.Definition.Status));
        Assert.Equal(host.Time.GetUtcNow(), history[0].Definition.RampStepStartedAt);
        var audit = (await host.Registry.ReadAuditLogAsync(RoutingHost.Model)).Where(e => e.Operation == "document.attached").ToArray();
        Assert.Equal(["start the experiment", "freeze: holiday freeze"], audit.Select(e => e.Reason));
        Assert.True((await host.Registry.VerifyAuditLogAsync(RoutingHost.Model)).IsValid);
    }

    [Fact]
    public async Task CreateAsync_StoresTheFirstRevision_AndRefusesOnceOneExistsStoringNothing()
    {
        await using var host = await RoutingHost.CreateAsync();
        var created = await host.Store.CreateAsync(Split(), "start the experiment");

        var conflict = await Assert.ThrowsAsync<DocumentRevisionConflictException>(
            () => host.Store.CreateAsync(Split() with { ShadowSamplingRate = 0.5 }, "start it again"));

        Assert.Equal(1, created.Revision);
        Assert.Equal((0, 1), (conflict.ExpectedRevision, conflict.ActualRevision));
        var only = Assert.Single(await host.Store.GetHistoryAsync(RoutingHost.Model, "live"));
        Assert.NotEqual(0.5, only.Definition.ShadowSamplingRate);
    }

    [Fact]
    public async Task SaveAsync_InvalidDefinition_StoresNothing()
    {
        await using var host = await RoutingHost.CreateAsync();

        await Assert.ThrowsAsync<InvalidExperimentDefinitionException>(() => host.Store.SaveAsync(Split() with { ShadowSamplingRate = 2 }, "bad"));

        Assert.Null(await host.Store.LoadAsync(RoutingHost.Model, "live"));
        Assert.Empty(await host.Registry.ListDocumentsAsync(RoutingHost.Model, null, DocumentKinds.Experiment));
    }

    [Fact]
    public async Task AbortAndResume_ApplyToRoutedScorersOfThisProcessAtOnce()
    {
        await using var host = await RoutingHost.CreateAsync();
        await host.Store.SaveAsync(Split(), "start");
        await using var scorer = await host.Factory.CreateAsync<Applicant, Decision>(RoutingHost.Model, "live");
        Assert.Contains(Enumerable.Range(0, 50).Select(_ => scorer.Score(Input).Arm), arm => arm == "next");

        await host.Controller.AbortAsync(RoutingHost.Model, "live", "challenger misbehaves");
        await WaitForStatusAsync(scorer, ExperimentStatus.Aborted);
        var aborted = Enumerable.Range(0, 50).Select(_ => scorer.Score(Input)).ToArray();
        Assert.All(aborted, a => Assert.Equal(("champion", false), (a.Arm, a.Id.IsEnrolled)));

        await host.Controller.ResumeAsync(RoutingHost.Model, "live", "fixed");
        await WaitForStatusAsync(scorer, ExperimentStatus.Running);
        Assert.Contains(Enumerable.Range(0, 50).Select(_ => scorer.Score(Input).Arm), arm => arm == "next");
        await Assert.ThrowsAsync<ExperimentControlException>(() => host.Controller.ResumeAsync(RoutingHost.Model, "live", "twice"));
    }

    [Fact]
    public async Task RefreshAsync_ChangeMadeByAnotherInstance_IsFollowed()
    {
        var root = Directory.CreateTempSubdirectory("modelops-routing-").FullName;
        try
        {
            await using var first = await RoutingHost.CreateAsync(fileSystemRoot: root);
            await using var second = await RoutingHost.CreateAsync(fileSystemRoot: root);
            await first.Store.SaveAsync(Split(), "start");
            await second.Registry.RefreshAsync();
            await using var scorer = await second.Factory.CreateAsync<Applicant, Decision>(RoutingHost.Model, "live");
            Assert.Equal(ExperimentStatus.Running, scorer.Definition.Status);

            await first.Controller.AbortAsync(RoutingHost.Model, "live", "stop everywhere");
            await second.Registry.RefreshAsync();
            var applied = await scorer.RefreshAsync();

            Assert.Equal(ExperimentStatus.Aborted, applied.Status);
            Assert.Equal("champion", scorer.Score(Input).Arm);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task PromoteNowAsync_MovesTheChampionAliasWithTheExpectedCurrentCheckAndConcludes()
    {
        await using var host = await RoutingHost.CreateAsync();
        await host.Store.SaveAsync(Split(), "start");

        var alias = await host.Controller.PromoteNowAsync(RoutingHost.Model, "live", "next", "clearly better");

        Assert.Equal(2, alias.Version);
        Assert.Equal(ExperimentStatus.Concluded, (await host.Store.LoadAsync(RoutingHost.Model, "live"))!.Status);
        var audit = await host.Registry.ReadAuditLogAsync(RoutingHost.Model);
        Assert.Contains(audit, e => e.Alias == "champion" && e.Reason!.Contains("promote challenger 'next' (version 2): clearly better", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PromoteNowAsync_ConcurrentManualMove_LosesCleanlyAndChangesNothing()
    {
        await using var host = await RoutingHost.CreateAsync();
        await host.Store.SaveAsync(Split(), "start");
        var registry = RacingRegistry.Create(host.Registry, () => host.Registry.SetAliasAsync(RoutingHost.Model, "champion", 6, "manual move by an operator"));
        var controller = new ExperimentController(host.Store, registry, host.Time);

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => controller.PromoteNowAsync(RoutingHost.Model, "live", "next", "auto"));

        Assert.Equal((1, 6), (conflict.ExpectedVersion, conflict.ActualVersion));
        Assert.Equal(6, (await host.Registry.ResolveAliasAsync(RoutingHost.Model, "champion")).Version);
        Assert.Equal(ExperimentStatus.Running, (await host.Store.LoadAsync(RoutingHost.Model, "live"))!.Status);
    }

    [Fact]
    public async Task RollBackGraduallyAsync_LowersTheChallengerShareAndOnlyMovesEntitiesOffTheChallenger()
    {
        await using var host = await RoutingHost.CreateAsync();
        var sticky = new ExperimentBuilder(RoutingHost.Model, "live").WithChampionAlias("champion", 50).AddChallengerAlias("next", "challenger", 50).WithStickyAssignment().Build();
        await host.Store.SaveAsync(sticky, "start");
        await using var scorer = await host.Factory.CreateAsync<Applicant, Decision>(RoutingHost.Model, "live");
        var keys = Enumerable.Range(0, 1000).Select(i => $"customer-{i}").ToArray();
        var before = keys.Select(k => scorer.Score(Input, k).Arm).ToArray();

        var rolledBack = await host.Controller.RollBackGraduallyAsync(RoutingHost.Model, "live", 0.1, "latency creeping up");
        await WaitForStatusAsync(scorer, ExperimentStatus.Frozen);
        var after = keys.Select(k => scorer.Score(Input, k).Arm).ToArray();

        Assert.Equal([0.9, 0.1], rolledBack.CurrentShares());
        Assert.InRange(after.Count(a => a == "next"), 60, 140);
        for (var i = 0; i < keys.Length; i++)
        {
            Assert.True(before[i] == after[i] || (before[i] == "next" && after[i] == "champion"), $"{keys[i]} moved from {before[i]} to {after[i]}");
        }

        await Assert.ThrowsAsync<ExperimentControlException>(() => host.Controller.RollBackGraduallyAsync(RoutingHost.Model, "live", 0.2, "up is not back"));
    }

    [Fact]
    public async Task ControlOperations_UnknownExperimentOrArm_AreRefusedNamingThem()
    {
        await using var host = await RoutingHost.CreateAsync();
        await Assert.ThrowsAsync<ExperimentNotFoundException>(() => host.Controller.FreezeAsync(RoutingHost.Model, "nope", "x"));
        await host.Store.SaveAsync(Split(), "start");

        var error = await Assert.ThrowsAsync<ExperimentControlException>(() => host.Controller.PromoteNowAsync(RoutingHost.Model, "live", "ghost", "x"));

        Assert.Contains("no challenger arm 'ghost'", error.Message, StringComparison.Ordinal);
        Assert.Equal("promote", error.Operation);
    }

    /// <summary>Waits for the in-process change notification to be applied (it runs in the background after SaveAsync returns).</summary>
    internal static async Task WaitForStatusAsync(IRoutedScorer<Applicant, Decision> scorer, ExperimentStatus status)
    {
        // RefreshAsync reads the stored revision and applies it under the same gate as the notification, so it is a barrier.
        var definition = await scorer.RefreshAsync();
        Assert.Equal(status, definition.Status);
    }
}
