namespace ModelOps.Sdk.Testing;

public abstract partial class StorageProviderContractTests
{
    /// <summary>An alias can be created, moved and resolved, and its current target is listed.</summary>
    /// <returns>A task representing the test.</returns>
    [Fact]
    public async Task SetAliasAsync_CreatesAndMovesAliasThatResolvesToItsTarget()
    {
        await using var h = await StartAsync();
        await RegisterVersionsAsync(h, "credit", 3);

        var created = await h.Registry.SetAliasAsync("credit", "champion", 1, "first");
        h.Time.Advance(TimeSpan.FromMinutes(1));
        var moved = await h.Registry.SetAliasAsync("credit", "champion", 3, "promote");
        await h.Registry.SetAliasAsync("credit", "challenger", 2);

        Assert.Equal(("credit", "champion", 1), (created.ModelName, created.Alias, created.Version));
        Assert.Equal(3, moved.Version);
        Assert.Equal(ClockStart.AddMinutes(1), moved.UpdatedAt);
        Assert.True(moved.Sequence > created.Sequence);
        Assert.Equal(moved, await h.Registry.ResolveAliasAsync("credit", "champion"));
        Assert.Equal(3, (await h.Registry.GetVersionByAliasAsync("credit", "champion")).Version);
        Assert.Equal(["challenger", "champion"], (await h.Registry.ListAliasesAsync("credit")).Select(a => a.Alias));
        var model = Assert.Single(await h.Registry.ListModelsAsync());
        Assert.Equal(3, model.LatestVersion);
        Assert.Equal(3, model.Aliases["champion"]);

        h.Time.Advance(TimeSpan.FromSeconds(5));
        var other = await h.AddSecondRegistryAsync();
        Assert.Equal(3, (await other.ResolveAliasAsync("credit", "champion")).Version);
    }

    /// <summary>Deleting an alias removes it (resolving then throws <see cref="AliasNotFoundException"/>) and keeps its history.</summary>
    /// <returns>A task representing the test.</returns>
    [Fact]
    public async Task DeleteAliasAsync_RemovesAliasAndKeepsItsHistory()
    {
        await using var h = await StartAsync();
        await RegisterVersionsAsync(h, "credit", 2);
        await h.Registry.SetAliasAsync("credit", "champion", 1);
        await h.Registry.SetAliasAsync("credit", "champion", 2);

        await h.Registry.DeleteAliasAsync("credit", "champion", "retired");

        var ex = await Assert.ThrowsAsync<AliasNotFoundException>(async () => await h.Registry.ResolveAliasAsync("credit", "champion"));
        Assert.Equal(("credit", "champion"), (ex.ModelName, ex.Alias));
        Assert.Empty(await h.Registry.ListAliasesAsync("credit"));
        var history = await h.Registry.GetAliasHistoryAsync("credit", "champion");
        Assert.Equal([AliasChangeKind.Moved, AliasChangeKind.Moved, AliasChangeKind.Deleted], history.Select(c => c.Kind));
        Assert.Equal((2, (int?)null, "retired"), (history[^1].PreviousVersion, history[^1].Version, history[^1].Reason));
        await Assert.ThrowsAsync<AliasNotFoundException>(() => h.Registry.DeleteAliasAsync("credit", "champion"));
        await Assert.ThrowsAsync<RollbackUnavailableException>(async () =>
        {
            await h.Registry.SetAliasAsync("credit", "champion", 1);
            await h.Registry.RollbackAliasAsync("credit", "champion", "the chain was cleared by the delete");
        });
    }

    /// <summary>A move that expects a target the alias no longer has throws <see cref="ConcurrencyConflictException"/> naming both versions, and changes nothing.</summary>
    /// <returns>A task representing the test.</returns>
    [Fact]
    public async Task MoveAliasAsync_ExpectedVersionStale_ThrowsConcurrencyConflictAndChangesNothing()
    {
        await using var h = await StartAsync();
        await RegisterVersionsAsync(h, "credit", 3);
        await h.Registry.SetAliasAsync("credit", "champion", 2);
        var sequence = await h.Storage.Metadata.GetLastSequenceAsync();

        var ex = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => h.Registry.MoveAliasAsync("credit", "champion", 3, expectedCurrentVersion: 1));
        var expectedAbsent = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => h.Registry.MoveAliasAsync("credit", "champion", 3, expectedCurrentVersion: null));
        var expectedPresent = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => h.Registry.MoveAliasAsync("credit", "shadow", 3, expectedCurrentVersion: 2));

        Assert.Equal(("credit", "champion", (int?)1, (int?)2), (ex.ModelName, ex.Alias, ex.ExpectedVersion, ex.ActualVersion));
        Assert.Equal(((int?)null, (int?)2), (expectedAbsent.ExpectedVersion, expectedAbsent.ActualVersion));
        Assert.Equal(("shadow", (int?)2, (int?)null), (expectedPresent.Alias, expectedPresent.ExpectedVersion, expectedPresent.ActualVersion));
        Assert.Equal(2, (await h.Registry.ResolveAliasAsync("credit", "champion")).Version);
        Assert.Equal(sequence, await h.Storage.Metadata.GetLastSequenceAsync());

        Assert.Equal(3, (await h.Registry.MoveAliasAsync("credit", "champion", 3, expectedCurrentVersion: 2)).Version);
        Assert.Equal(1, (await h.Registry.MoveAliasAsync("credit", "shadow", 1, expectedCurrentVersion: null)).Version);
    }

    /// <summary>Two instances promoting concurrently from the same expected target: exactly one wins, the other gets a conflict naming the winner's version.</summary>
    /// <returns>A task representing the test.</returns>
    [Fact]
    public async Task MoveAliasAsync_ConcurrentPromotionsOnTwoInstances_ExactlyOneWins()
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

        var winner = Assert.Single(results, r => r.Won);
        var loser = Assert.Single(results, r => !r.Won);
        Assert.Equal(winner.Version, loser.Conflict!.ActualVersion);
        await h.Registry.RefreshAsync();
        Assert.Equal(winner.Version, (await h.Registry.ResolveAliasAsync("credit", "champion")).Version);
        Assert.Equal(2, (await h.Registry.GetAliasHistoryAsync("credit", "champion")).Count);
    }

    /// <summary>An alias cannot point at an archived or rejected version, and a version an alias points to cannot be archived or rejected.</summary>
    /// <returns>A task representing the test.</returns>
    [Fact]
    public async Task Aliases_AndRetiredVersions_ExcludeEachOther()
    {
        await using var h = await StartAsync();
        await RegisterVersionsAsync(h, "credit", 3);
        await h.Registry.TransitionAsync("credit", 1, ModelVersionStatus.Archived);
        await h.Registry.TransitionAsync("credit", 2, ModelVersionStatus.Rejected);
        await h.Registry.SetAliasAsync("credit", "champion", 3);
        var sequence = await h.Storage.Metadata.GetLastSequenceAsync();

        var toArchived = await Assert.ThrowsAsync<LifecycleTransitionException>(() => h.Registry.SetAliasAsync("credit", "champion", 1));
        var toRejected = await Assert.ThrowsAsync<LifecycleTransitionException>(() => h.Registry.MoveAliasAsync("credit", "challenger", 2, null));
        var archiveTarget = await Assert.ThrowsAsync<LifecycleTransitionException>(() => h.Registry.TransitionAsync("credit", 3, ModelVersionStatus.Archived));
        var rejectTarget = await Assert.ThrowsAsync<LifecycleTransitionException>(() => h.Registry.TransitionAsync("credit", 3, ModelVersionStatus.Rejected));

        Assert.Equal((1, ModelVersionStatus.Archived, (ModelVersionStatus?)null), (toArchived.Version, toArchived.CurrentStatus, toArchived.RequestedStatus));
        Assert.Equal((2, ModelVersionStatus.Rejected), (toRejected.Version, toRejected.CurrentStatus));
        Assert.Equal((3, (ModelVersionStatus?)ModelVersionStatus.Archived), (archiveTarget.Version, archiveTarget.RequestedStatus));
        Assert.Contains("champion", archiveTarget.Message, StringComparison.Ordinal);
        Assert.Equal((3, (ModelVersionStatus?)ModelVersionStatus.Rejected), (rejectTarget.Version, rejectTarget.RequestedStatus));
        Assert.Equal(sequence, await h.Storage.Metadata.GetLastSequenceAsync());

        await h.Registry.DeleteAliasAsync("credit", "champion");
        Assert.Equal(ModelVersionStatus.Archived, (await h.Registry.TransitionAsync("credit", 3, ModelVersionStatus.Archived)).Status);
    }

    /// <summary>Two rollbacks in a row go two steps back along the chain of manual moves.</summary>
    /// <returns>A task representing the test.</returns>
    [Fact]
    public async Task RollbackAliasAsync_TwiceInARow_GoesTwoStepsBack()
    {
        await using var h = await StartAsync();
        await RegisterVersionsAsync(h, "credit", 3);
        for (var v = 1; v <= 3; v++)
        {
            await h.Registry.SetAliasAsync("credit", "champion", v);
        }

        var first = await h.Registry.RollbackAliasAsync("credit", "champion", "v3 regressed");
        var second = await h.Registry.RollbackAliasAsync("credit", "champion", "v2 regressed too");

        Assert.Equal(2, first.Version);
        Assert.Equal(1, second.Version);
        var ex = await Assert.ThrowsAsync<RollbackUnavailableException>(() => h.Registry.RollbackAliasAsync("credit", "champion", "nothing left"));
        Assert.Equal(("credit", "champion", 1), (ex.ModelName, ex.Alias, ex.CurrentVersion));
        var history = await h.Registry.GetAliasHistoryAsync("credit", "champion");
        Assert.Equal(AliasChangeKind.RolledBack, history[^1].Kind);
        Assert.Equal((2, (int?)1, "v2 regressed too"), (history[^1].PreviousVersion.GetValueOrDefault(), history[^1].Version, history[^1].Reason));
    }

    /// <summary>
    /// A rollback conditioned on the alias's current version rolls back while the alias still points there, and when someone moved
    /// it meanwhile it fails with a conflict and changes nothing (an automatic rollback must not undo a manual move).
    /// </summary>
    /// <returns>A task representing the test.</returns>
    [Fact]
    public async Task RollbackAliasIfCurrentAsync_RollsBackOnlyIfTheAliasStillPointsThere()
    {
        await using var h = await StartAsync();
        await RegisterVersionsAsync(h, "credit", 3);
        await h.Registry.SetAliasAsync("credit", "champion", 1);
        await h.Registry.SetAliasAsync("credit", "champion", 2);
        await h.Registry.SetAliasAsync("credit", "champion", 3, "a manual move after the promotion of 2");
        var sequence = await h.Storage.Metadata.GetLastSequenceAsync();

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => h.Registry.RollbackAliasIfCurrentAsync("credit", "champion", 2, "guardrail breached by 2"));
        Assert.Equal((2, 3), (conflict.ExpectedVersion.GetValueOrDefault(), conflict.ActualVersion.GetValueOrDefault()));
        Assert.Equal(3, (await h.Registry.ResolveAliasAsync("credit", "champion")).Version);
        Assert.Equal(sequence, await h.Storage.Metadata.GetLastSequenceAsync());
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => h.Registry.RollbackAliasIfCurrentAsync("credit", "missing", 1, "no such alias"));

        var rolledBack = await h.Registry.RollbackAliasIfCurrentAsync("credit", "champion", 3, "v3 regressed");
        Assert.Equal(2, rolledBack.Version);
        Assert.Equal(AliasChangeKind.RolledBack, (await h.Registry.GetAliasHistoryAsync("credit", "champion"))[^1].Kind);
    }

    /// <summary>A manual move after a rollback starts a new chain: the next rollback returns to the target the manual move replaced.</summary>
    /// <returns>A task representing the test.</returns>
    [Fact]
    public async Task RollbackAliasAsync_AfterManualMove_ReturnsToTheTargetThatMoveReplaced()
    {
        await using var h = await StartAsync();
        await RegisterVersionsAsync(h, "credit", 4);
        await h.Registry.SetAliasAsync("credit", "champion", 1);
        await h.Registry.SetAliasAsync("credit", "champion", 2);
        await h.Registry.SetAliasAsync("credit", "champion", 3);
        Assert.Equal(2, (await h.Registry.RollbackAliasAsync("credit", "champion", "v3 bad")).Version);

        await h.Registry.SetAliasAsync("credit", "champion", 4, "hotfix");

        Assert.Equal(2, (await h.Registry.RollbackAliasAsync("credit", "champion", "v4 bad")).Version);
        Assert.Equal(1, (await h.Registry.RollbackAliasAsync("credit", "champion", "v2 bad")).Version);
        await Assert.ThrowsAsync<RollbackUnavailableException>(() => h.Registry.RollbackAliasAsync("credit", "champion", "none"));
    }

    /// <summary>Rollback skips earlier targets that were archived or rejected since, and throws <see cref="RollbackUnavailableException"/> when none is eligible.</summary>
    /// <returns>A task representing the test.</returns>
    [Fact]
    public async Task RollbackAliasAsync_SkipsRetiredTargets_AndThrowsWhenNoneIsEligible()
    {
        await using var h = await StartAsync();
        await RegisterVersionsAsync(h, "credit", 4);
        for (var v = 1; v <= 4; v++)
        {
            await h.Registry.SetAliasAsync("credit", "champion", v);
        }

        await h.Registry.TransitionAsync("credit", 3, ModelVersionStatus.Archived);
        await h.Registry.TransitionAsync("credit", 2, ModelVersionStatus.Rejected);

        Assert.Equal(1, (await h.Registry.RollbackAliasAsync("credit", "champion", "v4 bad")).Version);
        await h.Registry.SetAliasAsync("credit", "champion", 4);
        await h.Registry.TransitionAsync("credit", 1, ModelVersionStatus.Archived);
        var sequence = await h.Storage.Metadata.GetLastSequenceAsync();

        var ex = await Assert.ThrowsAsync<RollbackUnavailableException>(() => h.Registry.RollbackAliasAsync("credit", "champion", "v4 bad again"));

        Assert.Equal(4, ex.CurrentVersion);
        Assert.Equal(4, (await h.Registry.ResolveAliasAsync("credit", "champion")).Version);
        Assert.Equal(sequence, await h.Storage.Metadata.GetLastSequenceAsync());
    }

    /// <summary>A rollback needs a reason: without one it throws <see cref="InvalidRegistrationException"/> and changes nothing.</summary>
    /// <param name="reason">The missing reason.</param>
    /// <returns>A task representing the test.</returns>
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task RollbackAliasAsync_WithoutReason_ThrowsAndChangesNothing(string reason)
    {
        await using var h = await StartAsync();
        await RegisterVersionsAsync(h, "credit", 2);
        await h.Registry.SetAliasAsync("credit", "champion", 1);
        await h.Registry.SetAliasAsync("credit", "champion", 2);

        var ex = await Assert.ThrowsAsync<InvalidRegistrationException>(() => h.Registry.RollbackAliasAsync("credit", "champion", reason));

        Assert.Equal("reason", ex.Field);
        Assert.Equal(2, (await h.Registry.ResolveAliasAsync("credit", "champion")).Version);
    }

    /// <summary>The alias history lists every change oldest first, with kind, previous and new target, time, sequence, actor and reason.</summary>
    /// <returns>A task representing the test.</returns>
    [Fact]
    public async Task GetAliasHistoryAsync_RecordsEveryChange()
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

        Assert.Equal(
            [
                (AliasChangeKind.Moved, (int?)null, (int?)1, ClockStart, "launch"),
                (AliasChangeKind.Moved, 1, 2, ClockStart.AddHours(1), "promote"),
                (AliasChangeKind.RolledBack, 2, 1, ClockStart.AddHours(2), "incident 42"),
                (AliasChangeKind.Deleted, 1, null, ClockStart.AddHours(3), "retire"),
            ],
            history.Select(c => (c.Kind, c.PreviousVersion, c.Version, c.Timestamp, c.Reason!)));
        Assert.All(history, c => Assert.Equal(ContractTestActor.Name, c.Actor));
        Assert.All(history, c => Assert.Equal(("credit", "champion"), (c.ModelName, c.Alias)));
        Assert.True(history.Zip(history.Skip(1)).All(p => p.Second.Sequence > p.First.Sequence));
        Assert.Empty(await h.Registry.GetAliasHistoryAsync("credit", "never-existed"));

        h.Time.Advance(TimeSpan.FromSeconds(5));
        var fromOther = await (await h.AddSecondRegistryAsync()).GetAliasHistoryAsync("credit", "champion");
        Assert.Equal(history, fromOther);
    }

    /// <summary>Point-in-time resolution tells which version an alias pointed to at any past moment, or <see langword="null"/> before it existed and after it was deleted.</summary>
    /// <returns>A task representing the test.</returns>
    [Fact]
    public async Task ResolveAliasAtAsync_PointInTime_ReturnsTheTargetAtThatTime()
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

        Assert.Null(await h.Registry.ResolveAliasAtAsync("credit", "champion", t0));
        Assert.Null(await h.Registry.ResolveAliasAtAsync("credit", "champion", t1.AddTicks(-1)));
        Assert.Equal(1, await h.Registry.ResolveAliasAtAsync("credit", "champion", t1));
        Assert.Equal(1, await h.Registry.ResolveAliasAtAsync("credit", "champion", t2.AddTicks(-1)));
        Assert.Equal(3, await h.Registry.ResolveAliasAtAsync("credit", "champion", t2));
        Assert.Equal(3, await h.Registry.ResolveAliasAtAsync("credit", "champion", t3.AddTicks(-1)));
        Assert.Null(await h.Registry.ResolveAliasAtAsync("credit", "champion", t3));
        Assert.Equal(3, await h.Registry.ResolveAliasAtAsync("credit", "champion", t2.AddHours(12).ToOffset(TimeSpan.FromHours(-7))));
    }

    /// <summary>Sequence-based resolution tells which version an alias pointed to just after a given registry-wide change.</summary>
    /// <returns>A task representing the test.</returns>
    [Fact]
    public async Task ResolveAliasAtSequenceAsync_ReturnsTheTargetJustAfterThatChange()
    {
        await using var h = await StartAsync();
        await RegisterVersionsAsync(h, "credit", 2);
        var before = await h.Registry.RefreshAsync();
        var first = await h.Registry.SetAliasAsync("credit", "champion", 1);
        await h.Registry.RegisterAsync(NewRegistration("other-model"));
        var second = await h.Registry.SetAliasAsync("credit", "champion", 2);

        Assert.Null(await h.Registry.ResolveAliasAtSequenceAsync("credit", "champion", before));
        Assert.Equal(1, await h.Registry.ResolveAliasAtSequenceAsync("credit", "champion", first.Sequence));
        Assert.Equal(1, await h.Registry.ResolveAliasAtSequenceAsync("credit", "champion", second.Sequence - 1));
        Assert.Equal(2, await h.Registry.ResolveAliasAtSequenceAsync("credit", "champion", second.Sequence));
        Assert.Equal(2, await h.Registry.ResolveAliasAtSequenceAsync("credit", "champion", long.MaxValue));
    }

    private static async Task RegisterVersionsAsync(Harness h, string model, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await h.Registry.RegisterAsync(NewRegistration(model));
        }
    }
}
