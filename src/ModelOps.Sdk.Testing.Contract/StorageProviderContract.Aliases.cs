namespace ModelOps.Sdk.Testing;

public sealed partial class StorageProviderContract
{
    /// <summary>An alias can be created, moved and resolved, and its current target is listed.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task SetAliasAsync_CreatesAndMovesAliasThatResolvesToItsTarget() => CheckAsync(
        "An alias can be created, moved and resolved, and its current target is listed.",
        async () =>
        {
            await using var h = await StartAsync();
            await RegisterVersionsAsync(h, "credit", 3);

            var created = await h.Registry.SetAliasAsync("credit", "champion", 1, "first");
            h.Time.Advance(TimeSpan.FromMinutes(1));
            var moved = await h.Registry.SetAliasAsync("credit", "champion", 3, "promote");
            await h.Registry.SetAliasAsync("credit", "challenger", 2);

            Check.Equal(("credit", "champion", 1), (created.ModelName, created.Alias, created.Version));
            Check.Equal(3, moved.Version);
            Check.Equal(ClockStart.AddMinutes(1), moved.UpdatedAt);
            Check.True(moved.Sequence > created.Sequence);
            Check.Equal(moved, await h.Registry.ResolveAliasAsync("credit", "champion"));
            Check.Equal(3, (await h.Registry.GetVersionByAliasAsync("credit", "champion")).Version);
            Check.Equal(["challenger", "champion"], (await h.Registry.ListAliasesAsync("credit")).Select(a => a.Alias));
            var model = Check.Single(await h.Registry.ListModelsAsync());
            Check.Equal(3, model.LatestVersion);
            Check.Equal(3, model.Aliases["champion"]);

            h.Time.Advance(TimeSpan.FromSeconds(5));
            var other = await h.AddSecondRegistryAsync();
            Check.Equal(3, (await other.ResolveAliasAsync("credit", "champion")).Version);
        });

    /// <summary>Deleting an alias removes it (resolving then throws <see cref="AliasNotFoundException"/>) and keeps its history.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task DeleteAliasAsync_RemovesAliasAndKeepsItsHistory() => CheckAsync(
        "Deleting an alias removes it (resolving then throws AliasNotFoundException) and keeps its history.",
        async () =>
        {
            await using var h = await StartAsync();
            await RegisterVersionsAsync(h, "credit", 2);
            await h.Registry.SetAliasAsync("credit", "champion", 1);
            await h.Registry.SetAliasAsync("credit", "champion", 2);

            await h.Registry.DeleteAliasAsync("credit", "champion", "retired");

            var ex = await Check.ThrowsAsync<AliasNotFoundException>(async () => await h.Registry.ResolveAliasAsync("credit", "champion"));
            Check.Equal(("credit", "champion"), (ex.ModelName, ex.Alias));
            Check.Empty(await h.Registry.ListAliasesAsync("credit"));
            var history = await h.Registry.GetAliasHistoryAsync("credit", "champion");
            Check.Equal([AliasChangeKind.Moved, AliasChangeKind.Moved, AliasChangeKind.Deleted], history.Select(c => c.Kind));
            Check.Equal((2, (int?)null, "retired"), (history[^1].PreviousVersion, history[^1].Version, history[^1].Reason));
            await Check.ThrowsAsync<AliasNotFoundException>(() => h.Registry.DeleteAliasAsync("credit", "champion"));
            await Check.ThrowsAsync<RollbackUnavailableException>(async () =>
            {
                await h.Registry.SetAliasAsync("credit", "champion", 1);
                await h.Registry.RollbackAliasAsync("credit", "champion", "the chain was cleared by the delete");
            });
        });

    /// <summary>A move that expects a target the alias no longer has throws <see cref="ConcurrencyConflictException"/> naming both versions, and changes nothing.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task MoveAliasAsync_ExpectedVersionStale_ThrowsConcurrencyConflictAndChangesNothing() => CheckAsync(
        "A move that expects a target the alias no longer has throws ConcurrencyConflictException naming both versions, and changes nothing.",
        async () =>
        {
            await using var h = await StartAsync();
            await RegisterVersionsAsync(h, "credit", 3);
            await h.Registry.SetAliasAsync("credit", "champion", 2);
            var sequence = await h.Storage.Metadata.GetLastSequenceAsync();

            var ex = await Check.ThrowsAsync<ConcurrencyConflictException>(() => h.Registry.MoveAliasAsync("credit", "champion", 3, expectedCurrentVersion: 1));
            var expectedAbsent = await Check.ThrowsAsync<ConcurrencyConflictException>(() => h.Registry.MoveAliasAsync("credit", "champion", 3, expectedCurrentVersion: null));
            var expectedPresent = await Check.ThrowsAsync<ConcurrencyConflictException>(() => h.Registry.MoveAliasAsync("credit", "shadow", 3, expectedCurrentVersion: 2));

            Check.Equal(("credit", "champion", (int?)1, (int?)2), (ex.ModelName, ex.Alias, ex.ExpectedVersion, ex.ActualVersion));
            Check.Equal(((int?)null, (int?)2), (expectedAbsent.ExpectedVersion, expectedAbsent.ActualVersion));
            Check.Equal(("shadow", (int?)2, (int?)null), (expectedPresent.Alias, expectedPresent.ExpectedVersion, expectedPresent.ActualVersion));
            Check.Equal(2, (await h.Registry.ResolveAliasAsync("credit", "champion")).Version);
            Check.Equal(sequence, await h.Storage.Metadata.GetLastSequenceAsync());

            Check.Equal(3, (await h.Registry.MoveAliasAsync("credit", "champion", 3, expectedCurrentVersion: 2)).Version);
            Check.Equal(1, (await h.Registry.MoveAliasAsync("credit", "shadow", 1, expectedCurrentVersion: null)).Version);
        });

    /// <summary>Two instances promoting concurrently from the same expected target: exactly one wins, the other gets a conflict naming the winner's version.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task MoveAliasAsync_ConcurrentPromotionsOnTwoInstances_ExactlyOneWins() => CheckAsync(
        "Two instances promoting concurrently from the same expected target: exactly one wins, the other gets a conflict naming the winner's version.",
        async () =>
        {
            await using var h = await StartAsync();
            await RegisterVersionsAsync(h, "credit", 3);
            await h.Registry.SetAliasAsync("credit", "champion", 1);
            var other = await h.AddSecondRegistryAsync();
            await other.RefreshAsync();

            var attempts = new[] { (h.Registry, 2), (other, 3) }
                .Select(a => Task.Run(async () =>
                {
                    try
                    {
                        return (Won: true, (await a.Item1.MoveAliasAsync("credit", "champion", a.Item2, expectedCurrentVersion: 1)).Version, Conflict: (ConcurrencyConflictException?)null);
                    }
                    catch (ConcurrencyConflictException ex)
                    {
                        return (Won: false, Version: a.Item2, Conflict: ex);
                    }
                }))
                .ToArray();
            var results = await Task.WhenAll(attempts).WaitAsync(WaitTimeout);

            var winner = Check.Single(results, r => r.Won);
            var loser = Check.Single(results, r => !r.Won);
            Check.Equal(winner.Version, loser.Conflict!.ActualVersion);
            await h.Registry.RefreshAsync();
            Check.Equal(winner.Version, (await h.Registry.ResolveAliasAsync("credit", "champion")).Version);
            Check.Equal(2, (await h.Registry.GetAliasHistoryAsync("credit", "champion")).Count);
        });

    /// <summary>An alias cannot point at an archived or rejected version, and a version an alias points to cannot be archived or rejected.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task Aliases_AndRetiredVersions_ExcludeEachOther() => CheckAsync(
        "An alias cannot point at an archived or rejected version, and a version an alias points to cannot be archived or rejected.",
        async () =>
        {
            await using var h = await StartAsync();
            await RegisterVersionsAsync(h, "credit", 3);
            await h.Registry.TransitionAsync("credit", 1, ModelVersionStatus.Archived);
            await h.Registry.TransitionAsync("credit", 2, ModelVersionStatus.Rejected);
            await h.Registry.SetAliasAsync("credit", "champion", 3);
            var sequence = await h.Storage.Metadata.GetLastSequenceAsync();

            var toArchived = await Check.ThrowsAsync<LifecycleTransitionException>(() => h.Registry.SetAliasAsync("credit", "champion", 1));
            var toRejected = await Check.ThrowsAsync<LifecycleTransitionException>(() => h.Registry.MoveAliasAsync("credit", "challenger", 2, null));
            var archiveTarget = await Check.ThrowsAsync<LifecycleTransitionException>(() => h.Registry.TransitionAsync("credit", 3, ModelVersionStatus.Archived));
            var rejectTarget = await Check.ThrowsAsync<LifecycleTransitionException>(() => h.Registry.TransitionAsync("credit", 3, ModelVersionStatus.Rejected));

            Check.Equal((1, ModelVersionStatus.Archived, (ModelVersionStatus?)null), (toArchived.Version, toArchived.CurrentStatus, toArchived.RequestedStatus));
            Check.Equal((2, ModelVersionStatus.Rejected), (toRejected.Version, toRejected.CurrentStatus));
            Check.Equal((3, (ModelVersionStatus?)ModelVersionStatus.Archived), (archiveTarget.Version, archiveTarget.RequestedStatus));
            Check.Contains("champion", archiveTarget.Message, StringComparison.Ordinal);
            Check.Equal((3, (ModelVersionStatus?)ModelVersionStatus.Rejected), (rejectTarget.Version, rejectTarget.RequestedStatus));
            Check.Equal(sequence, await h.Storage.Metadata.GetLastSequenceAsync());

            await h.Registry.DeleteAliasAsync("credit", "champion");
            Check.Equal(ModelVersionStatus.Archived, (await h.Registry.TransitionAsync("credit", 3, ModelVersionStatus.Archived)).Status);
        });

    /// <summary>Two rollbacks in a row go two steps back along the chain of manual moves.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task RollbackAliasAsync_TwiceInARow_GoesTwoStepsBack() => CheckAsync(
        "Two rollbacks in a row go two steps back along the chain of manual moves.",
        async () =>
        {
            await using var h = await StartAsync();
            await RegisterVersionsAsync(h, "credit", 3);
            for (var v = 1; v <= 3; v++)
            {
                await h.Registry.SetAliasAsync("credit", "champion", v);
            }

            var first = await h.Registry.RollbackAliasAsync("credit", "champion", "v3 regressed");
            var second = await h.Registry.RollbackAliasAsync("credit", "champion", "v2 regressed too");

            Check.Equal(2, first.Version);
            Check.Equal(1, second.Version);
            var ex = await Check.ThrowsAsync<RollbackUnavailableException>(() => h.Registry.RollbackAliasAsync("credit", "champion", "nothing left"));
            Check.Equal(("credit", "champion", 1), (ex.ModelName, ex.Alias, ex.CurrentVersion));
            var history = await h.Registry.GetAliasHistoryAsync("credit", "champion");
            Check.Equal(AliasChangeKind.RolledBack, history[^1].Kind);
            Check.Equal((2, (int?)1, "v2 regressed too"), (history[^1].PreviousVersion.GetValueOrDefault(), history[^1].Version, history[^1].Reason));
        });

    /// <summary>
    /// A rollback conditioned on the alias's current version rolls back while the alias still points there, and when someone moved
    /// it meanwhile it fails with a conflict and changes nothing (an automatic rollback must not undo a manual move).
    /// </summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task RollbackAliasIfCurrentAsync_RollsBackOnlyIfTheAliasStillPointsThere() => CheckAsync(
        "A rollback conditioned on the alias's current version rolls back while the alias still points there, and when someone moved it meanwhile it fails with a conflict and changes nothing (an automatic rollback must not undo a manual move).",
        async () =>
        {
            await using var h = await StartAsync();
            await RegisterVersionsAsync(h, "credit", 3);
            await h.Registry.SetAliasAsync("credit", "champion", 1);
            await h.Registry.SetAliasAsync("credit", "champion", 2);
            await h.Registry.SetAliasAsync("credit", "champion", 3, "a manual move after the promotion of 2");
            var sequence = await h.Storage.Metadata.GetLastSequenceAsync();

            var conflict = await Check.ThrowsAsync<ConcurrencyConflictException>(() => h.Registry.RollbackAliasIfCurrentAsync("credit", "champion", 2, "guardrail breached by 2"));
            Check.Equal((2, 3), (conflict.ExpectedVersion.GetValueOrDefault(), conflict.ActualVersion.GetValueOrDefault()));
            Check.Equal(3, (await h.Registry.ResolveAliasAsync("credit", "champion")).Version);
            Check.Equal(sequence, await h.Storage.Metadata.GetLastSequenceAsync());
            await Check.ThrowsAsync<ConcurrencyConflictException>(() => h.Registry.RollbackAliasIfCurrentAsync("credit", "missing", 1, "no such alias"));

            var rolledBack = await h.Registry.RollbackAliasIfCurrentAsync("credit", "champion", 3, "v3 regressed");
            Check.Equal(2, rolledBack.Version);
            Check.Equal(AliasChangeKind.RolledBack, (await h.Registry.GetAliasHistoryAsync("credit", "champion"))[^1].Kind);
        });

    /// <summary>A manual move after a rollback starts a new chain: the next rollback returns to the target the manual move replaced.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task RollbackAliasAsync_AfterManualMove_ReturnsToTheTargetThatMoveReplaced() => CheckAsync(
        "A manual move after a rollback starts a new chain: the next rollback returns to the target the manual move replaced.",
        async () =>
        {
            await using var h = await StartAsync();
            await RegisterVersionsAsync(h, "credit", 4);
            await h.Registry.SetAliasAsync("credit", "champion", 1);
            await h.Registry.SetAliasAsync("credit", "champion", 2);
            await h.Registry.SetAliasAsync("credit", "champion", 3);
            Check.Equal(2, (await h.Registry.RollbackAliasAsync("credit", "champion", "v3 bad")).Version);

            await h.Registry.SetAliasAsync("credit", "champion", 4, "hotfix");

            Check.Equal(2, (await h.Registry.RollbackAliasAsync("credit", "champion", "v4 bad")).Version);
            Check.Equal(1, (await h.Registry.RollbackAliasAsync("credit", "champion", "v2 bad")).Version);
            await Check.ThrowsAsync<RollbackUnavailableException>(() => h.Registry.RollbackAliasAsync("credit", "champion", "none"));
        });

    /// <summary>Rollback skips earlier targets that were archived or rejected since, and throws <see cref="RollbackUnavailableException"/> when none is eligible.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task RollbackAliasAsync_SkipsRetiredTargets_AndThrowsWhenNoneIsEligible() => CheckAsync(
        "Rollback skips earlier targets that were archived or rejected since, and throws RollbackUnavailableException when none is eligible.",
        async () =>
        {
            await using var h = await StartAsync();
            await RegisterVersionsAsync(h, "credit", 4);
            for (var v = 1; v <= 4; v++)
            {
                await h.Registry.SetAliasAsync("credit", "champion", v);
            }

            await h.Registry.TransitionAsync("credit", 3, ModelVersionStatus.Archived);
            await h.Registry.TransitionAsync("credit", 2, ModelVersionStatus.Rejected);

            Check.Equal(1, (await h.Registry.RollbackAliasAsync("credit", "champion", "v4 bad")).Version);
            await h.Registry.SetAliasAsync("credit", "champion", 4);
            await h.Registry.TransitionAsync("credit", 1, ModelVersionStatus.Archived);
            var sequence = await h.Storage.Metadata.GetLastSequenceAsync();

            var ex = await Check.ThrowsAsync<RollbackUnavailableException>(() => h.Registry.RollbackAliasAsync("credit", "champion", "v4 bad again"));

            Check.Equal(4, ex.CurrentVersion);
            Check.Equal(4, (await h.Registry.ResolveAliasAsync("credit", "champion")).Version);
            Check.Equal(sequence, await h.Storage.Metadata.GetLastSequenceAsync());
        });

    /// <summary>A rollback needs a reason: without one it throws <see cref="InvalidRegistrationException"/> and changes nothing.</summary>
    /// <param name="reason">The missing reason.</param>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task RollbackAliasAsync_WithoutReason_ThrowsAndChangesNothing(string reason) => CheckAsync(
        "A rollback needs a reason: without one it throws InvalidRegistrationException and changes nothing.",
        async () =>
        {
            await using var h = await StartAsync();
            await RegisterVersionsAsync(h, "credit", 2);
            await h.Registry.SetAliasAsync("credit", "champion", 1);
            await h.Registry.SetAliasAsync("credit", "champion", 2);

            var ex = await Check.ThrowsAsync<InvalidRegistrationException>(() => h.Registry.RollbackAliasAsync("credit", "champion", reason));

            Check.Equal("reason", ex.Field);
            Check.Equal(2, (await h.Registry.ResolveAliasAsync("credit", "champion")).Version);
        });

    /// <summary>The alias history lists every change oldest first, with kind, previous and new target, time, sequence, actor and reason.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task GetAliasHistoryAsync_RecordsEveryChange() => CheckAsync(
        "The alias history lists every change oldest first, with kind, previous and new target, time, sequence, actor and reason.",
        async () =>
        {
            await using var h = await StartAsync();
            await RegisterVersionsAsync(h, "credit", 2);
            await h.Registry.SetAliasAsync("credit", "champion", 1, "launch");
            h.Time.Advance(TimeSpan.FromHours(1));
            await h.Registry.SetAliasAsync("credit", "champion", 2, "promote");
            h.Time.Advance(TimeSpan.FromHours(1));
            await h.Registry.RollbackAliasAsync("credit", "champion", "incident 42");
            h.Time.Advance(TimeSpan.FromHours(1));
            await h.Registry.DeleteAliasAsync("credit", "champion", "retire");

            var history = await h.Registry.GetAliasHistoryAsync("credit", "champion");

            Check.Equal(
                [
                    (AliasChangeKind.Moved, (int?)null, (int?)1, ClockStart, "launch"),
                    (AliasChangeKind.Moved, 1, 2, ClockStart.AddHours(1), "promote"),
                    (AliasChangeKind.RolledBack, 2, 1, ClockStart.AddHours(2), "incident 42"),
                    (AliasChangeKind.Deleted, 1, null, ClockStart.AddHours(3), "retire"),
                ],
                history.Select(c => (c.Kind, c.PreviousVersion, c.Version, c.Timestamp, c.Reason!)));
            Check.All(history, c => Check.Equal(ContractTestActor.Name, c.Actor));
            Check.All(history, c => Check.Equal(("credit", "champion"), (c.ModelName, c.Alias)));
            Check.True(history.Zip(history.Skip(1)).All(p => p.Second.Sequence > p.First.Sequence));
            Check.Empty(await h.Registry.GetAliasHistoryAsync("credit", "never-existed"));

            h.Time.Advance(TimeSpan.FromSeconds(5));
            var fromOther = await (await h.AddSecondRegistryAsync()).GetAliasHistoryAsync("credit", "champion");
            Check.Equal(history, fromOther);
        });

    /// <summary>Point-in-time resolution tells which version an alias pointed to at any past moment, or <see langword="null"/> before it existed and after it was deleted.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task ResolveAliasAtAsync_PointInTime_ReturnsTheTargetAtThatTime() => CheckAsync(
        "Point-in-time resolution tells which version an alias pointed to at any past moment, or null before it existed and after it was deleted.",
        async () =>
        {
            await using var h = await StartAsync();
            await RegisterVersionsAsync(h, "credit", 3);
            var t0 = h.Time.GetUtcNow();
            h.Time.Advance(TimeSpan.FromDays(1));
            await h.Registry.SetAliasAsync("credit", "champion", 1);
            var t1 = h.Time.GetUtcNow();
            h.Time.Advance(TimeSpan.FromDays(1));
            await h.Registry.SetAliasAsync("credit", "champion", 3);
            var t2 = h.Time.GetUtcNow();
            h.Time.Advance(TimeSpan.FromDays(1));
            await h.Registry.DeleteAliasAsync("credit", "champion");
            var t3 = h.Time.GetUtcNow();

            Check.Null(await h.Registry.ResolveAliasAtAsync("credit", "champion", t0));
            Check.Null(await h.Registry.ResolveAliasAtAsync("credit", "champion", t1.AddTicks(-1)));
            Check.Equal(1, await h.Registry.ResolveAliasAtAsync("credit", "champion", t1));
            Check.Equal(1, await h.Registry.ResolveAliasAtAsync("credit", "champion", t2.AddTicks(-1)));
            Check.Equal(3, await h.Registry.ResolveAliasAtAsync("credit", "champion", t2));
            Check.Equal(3, await h.Registry.ResolveAliasAtAsync("credit", "champion", t3.AddTicks(-1)));
            Check.Null(await h.Registry.ResolveAliasAtAsync("credit", "champion", t3));
            Check.Equal(3, await h.Registry.ResolveAliasAtAsync("credit", "champion", t2.AddHours(12).ToOffset(TimeSpan.FromHours(-7))));
        });

    /// <summary>Sequence-based resolution tells which version an alias pointed to just after a given registry-wide change.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task ResolveAliasAtSequenceAsync_ReturnsTheTargetJustAfterThatChange() => CheckAsync(
        "Sequence-based resolution tells which version an alias pointed to just after a given registry-wide change.",
        async () =>
        {
            await using var h = await StartAsync();
            await RegisterVersionsAsync(h, "credit", 2);
            var before = await h.Registry.RefreshAsync();
            var first = await h.Registry.SetAliasAsync("credit", "champion", 1);
            await h.Registry.RegisterAsync(NewRegistration("other-model"));
            var second = await h.Registry.SetAliasAsync("credit", "champion", 2);

            Check.Null(await h.Registry.ResolveAliasAtSequenceAsync("credit", "champion", before));
            Check.Equal(1, await h.Registry.ResolveAliasAtSequenceAsync("credit", "champion", first.Sequence));
            Check.Equal(1, await h.Registry.ResolveAliasAtSequenceAsync("credit", "champion", second.Sequence - 1));
            Check.Equal(2, await h.Registry.ResolveAliasAtSequenceAsync("credit", "champion", second.Sequence));
            Check.Equal(2, await h.Registry.ResolveAliasAtSequenceAsync("credit", "champion", long.MaxValue));
        });

    private static async Task RegisterVersionsAsync(Harness h, string model, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await h.Registry.RegisterAsync(NewRegistration(model));
        }
    }
}
