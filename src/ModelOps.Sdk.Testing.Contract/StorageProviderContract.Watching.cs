namespace ModelOps.Sdk.Testing;

public sealed partial class StorageProviderContract
{
    /// <summary>A watch stream delivers every change of its alias in order, with increasing sequence numbers, and nothing about other aliases.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task WatchAliasAsync_DeliversEveryChangeInSequenceOrder() => CheckAsync(
        "A watch stream delivers every change of its alias in order, with increasing sequence numbers, and nothing about other aliases.",
        async () =>
        {
            await using var h = await StartAsync();
            await RegisterVersionsAsync(h, "credit", 3);
            await using var watch = new AliasWatch(h.Registry, "credit", "champion");

            await h.Registry.SetAliasAsync("credit", "champion", 1);
            await h.Registry.SetAliasAsync("credit", "challenger", 3);
            await h.Registry.MoveAliasAsync("credit", "champion", 2, 1);
            await h.Registry.RollbackAliasAsync("credit", "champion", "incident");
            await h.Registry.DeleteAliasAsync("credit", "champion");

            var changes = new List<AliasChange>();
            for (var i = 0; i < 4; i++)
            {
                changes.Add(await watch.NextAsync());
            }

            Check.Equal(
                [(AliasChangeKind.Moved, (int?)1), (AliasChangeKind.Moved, 2), (AliasChangeKind.RolledBack, 1), (AliasChangeKind.Deleted, null)],
                changes.Select(c => (c.Kind, c.Version)));
            Check.All(changes, c => Check.Equal(("credit", "champion"), (c.ModelName, c.Alias)));
            Check.True(changes.Zip(changes.Skip(1)).All(p => p.Second.Sequence > p.First.Sequence), "Sequence numbers must increase along the stream.");
            Check.False(watch.TryRead(out _));
        });

    /// <summary>A second registry instance over the same storage delivers the first one's alias move on its watch stream after <see cref="IModelRegistry.RefreshAsync"/>.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task WatchAliasAsync_OnSecondInstance_SeesTheMoveAfterRefresh() => CheckAsync(
        "A second registry instance over the same storage delivers the first one's alias move on its watch stream after RefreshAsync.",
        async () =>
        {
            await using var h = await StartAsync();
            await RegisterVersionsAsync(h, "credit", 2);
            await h.Registry.SetAliasAsync("credit", "champion", 1);
            var other = await h.AddSecondRegistryAsync();
            await other.RefreshAsync();
            await using var watch = new AliasWatch(other, "credit", "champion");

            var moved = await h.Registry.SetAliasAsync("credit", "champion", 2, "promote");
            var seen = await other.RefreshAsync();
            var change = await watch.NextAsync();

            Check.Equal((AliasChangeKind.Moved, (int?)1, (int?)2, "promote"), (change.Kind, change.PreviousVersion, change.Version, change.Reason));
            Check.Equal(moved.Sequence, change.Sequence);
            Check.True(seen >= moved.Sequence);
            Check.Equal(2, (await other.ResolveAliasAsync("credit", "champion")).Version);
        });

    /// <summary>A second registry instance notices the first one's alias move by itself once its poll interval has passed: no explicit refresh needed.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task WatchAliasAsync_OnSecondInstance_SeesTheMoveAfterThePollInterval() => CheckAsync(
        "A second registry instance notices the first one's alias move by itself once its poll interval has passed: no explicit refresh needed.",
        async () =>
        {
            await using var h = await StartAsync();
            await RegisterVersionsAsync(h, "credit", 2);
            await h.Registry.SetAliasAsync("credit", "champion", 1);
            var other = await h.AddSecondRegistryAsync();
            await other.RefreshAsync();
            var timers = h.Time.TimersCreated;
            await using var watch = new AliasWatch(other, "credit", "champion");
            var token = other.GetAliasChangeToken("credit", "champion");
            var tokenFired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var registration = token.RegisterChangeCallback(static state => ((TaskCompletionSource)state!).TrySetResult(), tokenFired);

            // The poller arms its delay on a background task; advancing the clock before that would not fire it.
            await h.Time.WhenTimersCreatedAsync(timers + 1).WaitAsync(WaitTimeout);
            var moved = await h.Registry.SetAliasAsync("credit", "champion", 2);

            // No check that the token has not fired yet: the second instance may read the move sooner than its poll (a background
            // read of the scope, such as a checkpoint's verifying fold, publishes what it finds), which breaks no rule; the rule is
            // that it is seen without an explicit refresh once the poll interval has passed.
            h.Time.Advance(TimeSpan.FromSeconds(1.5));
            var change = await watch.NextAsync();

            Check.Equal((AliasChangeKind.Moved, (int?)2, moved.Sequence), (change.Kind, change.Version, change.Sequence));

            // The registry fires change tokens after it has published to the watch streams and left its refresh lock (token
            // callbacks run synchronously), so a watcher can see the change a moment before the token fires: wait for the token.
            await tokenFired.Task.WaitAsync(WaitTimeout);
            Check.True(token.HasChanged);
            Check.Equal(2, (await other.ResolveAliasAsync("credit", "champion")).Version);
        });

    /// <summary>An alias change token fires exactly once, on the next change of that alias only.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task GetAliasChangeToken_FiresOnceOnTheNextChangeOfThatAlias() => CheckAsync(
        "An alias change token fires exactly once, on the next change of that alias only.",
        async () =>
        {
            await using var h = await StartAsync();
            await RegisterVersionsAsync(h, "credit", 3);
            await h.Registry.SetAliasAsync("credit", "champion", 1);
            var token = h.Registry.GetAliasChangeToken("credit", "champion");
            var fired = 0;
            using var registration = token.RegisterChangeCallback(_ => Interlocked.Increment(ref fired), null);

            await h.Registry.SetAliasAsync("credit", "challenger", 2);
            Check.False(token.HasChanged);
            await h.Registry.SetAliasAsync("credit", "champion", 2);
            await h.Registry.SetAliasAsync("credit", "champion", 3);
            await h.Registry.DeleteAliasAsync("credit", "champion");

            Check.True(token.HasChanged);
            Check.Equal(1, Volatile.Read(ref fired));
            var next = h.Registry.GetAliasChangeToken("credit", "champion");
            Check.False(next.HasChanged);
            await h.Registry.SetAliasAsync("credit", "champion", 1);
            Check.True(next.HasChanged);
        });

    /// <summary>A change token from a second instance fires after that instance refreshes.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task GetAliasChangeToken_OnSecondInstance_FiresAfterRefresh() => CheckAsync(
        "A change token from a second instance fires after that instance refreshes.",
        async () =>
        {
            await using var h = await StartAsync();
            await RegisterVersionsAsync(h, "credit", 2);
            var other = await h.AddSecondRegistryAsync();
            await other.RefreshAsync();
            var token = other.GetAliasChangeToken("credit", "champion");
            using var fired = new SemaphoreSlim(0);
            using var registration = token.RegisterChangeCallback(_ => fired.Release(), null);

            await h.Registry.SetAliasAsync("credit", "champion", 2);
            await other.RefreshAsync();

            Check.True(await fired.WaitAsync(WaitTimeout));
            Check.True(token.HasChanged);
        });
}
