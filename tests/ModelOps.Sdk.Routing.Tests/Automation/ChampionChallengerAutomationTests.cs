using System.Text.Json;
using ModelOps.Sdk.Routing.Automation;
using ModelOps.Sdk.Routing.Evaluation;
using ModelOps.Sdk.Routing.Statistics;
using ModelOps.Sdk.Routing.Tests.Evaluation;
using ModelOps.Sdk.Routing.Tests.Statistics;

namespace ModelOps.Sdk.Routing.Tests.Automation;

/// <summary>Auto-promote and auto-rollback end to end against a real registry (in-memory store), decisions made by the real evaluator.</summary>
public sealed class ChampionChallengerAutomationTests
{
    private const string Model = "credit";

    private static readonly EvaluationPolicy Policy = new() { MinimumDuration = TimeSpan.FromDays(1), MixingVariance = 0.02 * 0.02 };

    [Fact]
    public async Task PromoteThenGuardrailBreach_MovesTheAliasThenRollsItBack_AuditedWithEvidence()
    {
        await using var test = await TestRegistry.CreateAsync(Model, versions: 2);
        await test.Registry.SetAliasAsync(Model, "champion", 1, "initial champion");
        var automation = new ChampionChallengerAutomation(test.Registry);
        var promotedEvents = new List<ChampionPromotedEventArgs>();
        var rolledBackEvents = new List<ChampionRolledBackEventArgs>();
        automation.Promoted += (_, e) => promotedEvents.Add(e);
        automation.RolledBack += (_, e) => rolledBackEvents.Add(e);

        // The challenger (v2) wins.
        var promote = await EvaluateAsync(test, ChampionChallengerEvaluatorTests.Accuracy("champion", 1, 5000, 0.80), ChampionChallengerEvaluatorTests.Accuracy("challenger", 2, 5000, 0.84));
        Assert.Equal(DecisionKind.Promote, promote.Kind);
        var promoted = await automation.ApplyAsync(new AutomationRequest { ModelName = Model, AutoPromote = true }, promote);

        Assert.Equal(AutomationAction.Promoted, promoted.Action);
        Assert.Equal(2, (await test.Registry.ResolveAliasAsync(Model, "champion")).Version);
        var promotedEvent = Assert.Single(promotedEvents);
        Assert.Equal((2, 1), (promotedEvent.Alias.Version, promotedEvent.PreviousVersion));
        var audit = await test.Registry.ReadAuditLogAsync(Model);
        Assert.Contains(audit, e => e.Reason is { } r && r.StartsWith("Auto-promote: Promote (ChallengerBetter)", StringComparison.Ordinal) && r.Contains("always-valid p", StringComparison.Ordinal));
        var document = Assert.Single(await test.Registry.ListDocumentsAsync(Model, 2, DocumentKinds.PromotionEvidence));
        using (var json = JsonDocument.Parse((await test.Registry.ReadDocumentAsync(document)).ToArray()))
        {
            Assert.Equal("Promote", json.RootElement.GetProperty("kind").GetString());
            Assert.Equal(5000, json.RootElement.GetProperty("evidence").GetProperty("challengerSamples").GetInt64());
        }

        // After the promotion, the new champion's error rate breaches a guardrail: roll back to v1 through the registry's rollback.
        test.Time.Advance(TimeSpan.FromHours(2));
        var failing = ChampionChallengerEvaluatorTests.Accuracy("challenger", 2, 100, 0.84, calls: 1000, errors: 200, latency: TimeSpan.FromMilliseconds(3));
        var healthy = ChampionChallengerEvaluatorTests.Accuracy("champion", 1, 100, 0.80, calls: 1000, errors: 5, latency: TimeSpan.FromMilliseconds(3));
        var rollback = await EvaluateAsync(test, healthy, failing);
        Assert.Equal(DecisionKind.Rollback, rollback.Kind);
        var rolledBack = await automation.ApplyAsync(new AutomationRequest { ModelName = Model, AutoRollback = true, ChallengerWasPromoted = true }, rollback);

        Assert.Equal(AutomationAction.RolledBack, rolledBack.Action);
        Assert.Equal(1, (await test.Registry.ResolveAliasAsync(Model, "champion")).Version);
        var history = await test.Registry.GetAliasHistoryAsync(Model, "champion");
        Assert.Equal(AliasChangeKind.RolledBack, history[^1].Kind);
        Assert.StartsWith("Auto-rollback: Rollback (GuardrailBreached)", history[^1].Reason, StringComparison.Ordinal);
        Assert.Contains("error-rate-increase", history[^1].Reason, StringComparison.Ordinal);
        Assert.Equal(2, Assert.Single(rolledBackEvents).FromVersion);
        Assert.Single(await test.Registry.ListDocumentsAsync(Model, 2, DocumentKinds.RollbackEvidence));
        Assert.True((await test.Registry.VerifyAuditLogAsync(Model)).IsValid);
    }

    [Fact]
    public async Task Promote_AfterAManualMove_LosesCleanly_ReportsAndDoesNotOverwrite()
    {
        await using var test = await TestRegistry.CreateAsync(Model, versions: 3);
        await test.Registry.SetAliasAsync(Model, "champion", 1, "initial champion");
        var decision = await EvaluateAsync(test, ChampionChallengerEvaluatorTests.Accuracy("champion", 1, 5000, 0.80), ChampionChallengerEvaluatorTests.Accuracy("challenger", 2, 5000, 0.84));
        // A person promotes v3 by hand after the evaluation read v1 as champion.
        await test.Registry.SetAliasAsync(Model, "champion", 3, "manual hotfix");
        var automation = new ChampionChallengerAutomation(test.Registry);
        var conflicts = new List<AutomationConflictEventArgs>();
        automation.Conflicted += (_, e) => conflicts.Add(e);
        automation.Promoted += (_, _) => Assert.Fail("must not promote");

        var outcome = await automation.ApplyAsync(new AutomationRequest { ModelName = Model, AutoPromote = true }, decision);

        Assert.Equal(AutomationAction.Conflict, outcome.Action);
        Assert.Equal(3, outcome.Alias!.Version);
        Assert.Contains("expected at version 1 but is at 3", outcome.Message, StringComparison.Ordinal);
        Assert.Equal((1, (int?)3), (Assert.Single(conflicts).ExpectedVersion, conflicts[0].ActualVersion));
        Assert.Equal(3, (await test.Registry.ResolveAliasAsync(Model, "champion")).Version);
        Assert.Empty(await test.Registry.ListDocumentsAsync(Model, 2, DocumentKinds.PromotionEvidence));
    }

    [Fact]
    public async Task Promote_RacingAConditionalManualMove_ExactlyOneWins_AndTheAliasIsTheWinnersTarget()
    {
        await using var test = await TestRegistry.CreateAsync(Model, versions: 3);
        var decision = await EvaluateAsync(test, ChampionChallengerEvaluatorTests.Accuracy("champion", 1, 5000, 0.80), ChampionChallengerEvaluatorTests.Accuracy("challenger", 2, 5000, 0.84));
        var automation = new ChampionChallengerAutomation(test.Registry);
        for (var round = 0; round < 20; round++)
        {
            await test.Registry.SetAliasAsync(Model, "champion", 1, $"reset {round}");
            var (outcome, manualWon) = await RaceWithManualMoveAsync(
                () => automation.ApplyAsync(new AutomationRequest { ModelName = Model, AutoPromote = true, ExpectedCurrentVersion = 1 }, decision),
                () => test.Registry.MoveAliasAsync(Model, "champion", 3, 1, "manual promotion"));

            Assert.True(manualWon ^ (outcome.Action == AutomationAction.Promoted), $"round {round}: manual won {manualWon}, automation {outcome.Action}");
            Assert.Equal(manualWon ? 3 : 2, (await test.Registry.ResolveAliasAsync(Model, "champion")).Version);
            if (manualWon)
            {
                Assert.Equal(AutomationAction.Conflict, outcome.Action);
            }
        }
    }

    [Fact]
    public async Task Rollback_WhenTheAliasWasMovedSincePromotion_IsAConflict_AndNothingChanges()
    {
        await using var test = await TestRegistry.CreateAsync(Model, versions: 3);
        await test.Registry.SetAliasAsync(Model, "champion", 1, "initial");
        await test.Registry.MoveAliasAsync(Model, "champion", 2, 1, "promoted");
        await test.Registry.SetAliasAsync(Model, "champion", 3, "manual move after the promotion");
        var failing = ChampionChallengerEvaluatorTests.Accuracy("challenger", 2, 100, 0.84, calls: 1000, errors: 200);
        var healthy = ChampionChallengerEvaluatorTests.Accuracy("champion", 1, 100, 0.80, calls: 1000, errors: 5);
        var decision = await EvaluateAsync(test, healthy, failing);
        var automation = new ChampionChallengerAutomation(test.Registry);

        var outcome = await automation.ApplyAsync(new AutomationRequest { ModelName = Model, AutoRollback = true, ChallengerWasPromoted = true }, decision);

        Assert.Equal(AutomationAction.Conflict, outcome.Action);
        Assert.Equal(3, (await test.Registry.ResolveAliasAsync(Model, "champion")).Version);
    }

    [Fact]
    public async Task Rollback_RacingAConditionalManualMove_ExactlyOneWins_AndTheAutomationNeverUndoesTheMove()
    {
        // The rollback is conditioned on the alias atomically (RollbackAliasIfCurrentAsync), so there is no window between a check
        // and the change in which a manual move could land and then be undone.
        await using var test = await TestRegistry.CreateAsync(Model, versions: 3);
        var failing = ChampionChallengerEvaluatorTests.Accuracy("challenger", 2, 100, 0.84, calls: 1000, errors: 200);
        var healthy = ChampionChallengerEvaluatorTests.Accuracy("champion", 1, 100, 0.80, calls: 1000, errors: 5);
        var decision = await EvaluateAsync(test, healthy, failing);
        var automation = new ChampionChallengerAutomation(test.Registry);
        for (var round = 0; round < 20; round++)
        {
            await test.Registry.SetAliasAsync(Model, "champion", 1, $"reset {round}");
            await test.Registry.MoveAliasAsync(Model, "champion", 2, 1, $"promoted {round}");
            var (outcome, manualWon) = await RaceWithManualMoveAsync(
                () => automation.ApplyAsync(new AutomationRequest { ModelName = Model, AutoRollback = true, ChallengerWasPromoted = true, ExpectedCurrentVersion = 2 }, decision),
                () => test.Registry.MoveAliasAsync(Model, "champion", 3, 2, "manual hotfix"));

            Assert.True(manualWon ^ (outcome.Action == AutomationAction.RolledBack), $"round {round}: manual won {manualWon}, automation {outcome.Action}");
            Assert.Equal(manualWon ? 3 : 1, (await test.Registry.ResolveAliasAsync(Model, "champion")).Version);
        }
    }

    [Fact]
    public async Task Apply_WithoutOptIn_OrWithoutAPromotion_ChangesNothing()
    {
        await using var test = await TestRegistry.CreateAsync(Model, versions: 2);
        await test.Registry.SetAliasAsync(Model, "champion", 1, "initial");
        var automation = new ChampionChallengerAutomation(test.Registry);
        var promote = await EvaluateAsync(test, ChampionChallengerEvaluatorTests.Accuracy("champion", 1, 5000, 0.80), ChampionChallengerEvaluatorTests.Accuracy("challenger", 2, 5000, 0.84));
        Assert.Equal(AutomationAction.None, (await automation.ApplyAsync(new AutomationRequest { ModelName = Model }, promote)).Action);

        var rollback = await EvaluateAsync(test, ChampionChallengerEvaluatorTests.Accuracy("champion", 1, 100, 0.8, calls: 1000, errors: 0), ChampionChallengerEvaluatorTests.Accuracy("challenger", 2, 100, 0.8, calls: 1000, errors: 300));
        var notPromoted = await automation.ApplyAsync(new AutomationRequest { ModelName = Model, AutoRollback = true }, rollback);
        Assert.Equal(AutomationAction.None, notPromoted.Action);
        Assert.Contains("was not promoted", notPromoted.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await test.Registry.ResolveAliasAsync(Model, "champion")).Version);
    }

    [Fact]
    public async Task Rollback_WithNoEarlierTarget_IsReportedNotThrown()
    {
        await using var test = await TestRegistry.CreateAsync(Model, versions: 2);
        await test.Registry.SetAliasAsync(Model, "champion", 2, "first and only target");
        var decision = await EvaluateAsync(test, ChampionChallengerEvaluatorTests.Accuracy("champion", 1, 100, 0.8, calls: 1000, errors: 0), ChampionChallengerEvaluatorTests.Accuracy("challenger", 2, 100, 0.8, calls: 1000, errors: 300));
        var automation = new ChampionChallengerAutomation(test.Registry);
        var outcome = await automation.ApplyAsync(new AutomationRequest { ModelName = Model, AutoRollback = true, ChallengerWasPromoted = true }, decision);
        Assert.Equal(AutomationAction.RollbackUnavailable, outcome.Action);
        Assert.Equal(2, (await test.Registry.ResolveAliasAsync(Model, "champion")).Version);
    }

    private static ValueTask<ExperimentDecision> EvaluateAsync(TestRegistry test, ArmStatistics champion, ArmStatistics challenger) =>
        new ChampionChallengerEvaluator(test.Time).EvaluateAsync(new EvaluationRequest
        {
            ModelName = Model,
            ExperimentName = "bigger-training-set",
            Champion = champion,
            Challenger = challenger,
            Policy = Policy,
            StartedAt = test.Time.GetUtcNow().AddDays(-2),
        });

    /// <summary>Starts an automatic action and a conditional manual move at the same moment; returns the action's outcome and whether the move won.</summary>
    private static async Task<(AutomationOutcome Outcome, bool ManualWon)> RaceWithManualMoveAsync(Func<Task<AutomationOutcome>> automatic, Func<Task> manualMove)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var auto = Task.Run(async () =>
        {
            await start.Task;
            return await automatic();
        });
        var manual = Task.Run(async () =>
        {
            await start.Task;
            try
            {
                await manualMove();
                return true;
            }
            catch (ConcurrencyConflictException)
            {
                return false;
            }
        });
        start.SetResult();
        return (await auto, await manual);
    }
}
