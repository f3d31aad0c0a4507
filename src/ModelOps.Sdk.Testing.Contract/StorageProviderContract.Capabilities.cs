using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.Storage;

namespace ModelOps.Sdk.Testing;

public sealed partial class StorageProviderContract
{
    /// <summary>
    /// A store that implements IJournalClock returns UTC (offset zero) or null, never goes back between two reads, and is one clock for
    /// every instance: a read on another instance is not earlier than a read before it on the first.
    /// </summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task JournalClock_IfImplemented_IsOneUtcClockThatNeverGoesBack() => CheckAsync(
        "A store that implements IJournalClock returns UTC (offset zero) or null, never goes back between two reads, and is one clock for every instance: a read on another instance is not earlier than a read before it on the first.",
        async () =>
        {
            await using var storage = await CreateStorageAsync();
            if (storage.Metadata is not IJournalClock clock)
            {
                return;
            }

            await using var other = await OpenAnotherInstanceAsync(storage);
            var otherClock = other.Metadata as IJournalClock;
            Check.True(otherClock is not null, "The first instance implements IJournalClock and the second does not.");
            DateTimeOffset? previous = null;
            for (var i = 0; i < 10; i++)
            {
                foreach (var (name, c) in new[] { ("first", clock), ("second", otherClock!) })
                {
                    if (await c.GetUtcNowAsync() is not { } now)
                    {
                        Check.True(previous is null, $"The {name} instance's clock returned null after another read returned a time.");
                        continue;
                    }

                    Check.True(now.Offset == TimeSpan.Zero, $"The {name} instance's clock returned {now:O}: the time must be UTC, offset zero.");
                    Check.True(previous is null || now >= previous, $"The {name} instance's clock returned {now:O} after a read of {previous:O}: it went back.");
                    previous = now;
                }
            }
        });

    /// <summary>When the store's IJournalClock returns a time, the registry stamps the entries it appends from it, between a read of the clock before and one after.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task JournalClock_IfImplemented_StampsTheRegistrysEntries() => CheckAsync(
        "When the store's IJournalClock returns a time, the registry stamps the entries it appends from it, between a read of the clock before and one after.",
        async () =>
        {
            await using var storage = await CreateStorageAsync();
            if (storage.Metadata is not IJournalClock clock || await clock.GetUtcNowAsync() is not { } before)
            {
                return;
            }

            // A registry over the store itself, not the view the other checks give their registries (which hides the clock).
            await using var services = CreateRegistryServices(storage.Metadata, storage.Artifacts, new FakeTimeProvider(ClockStart));
            var registry = services.GetRequiredService<IModelRegistry>();
            var version = await registry.RegisterAsync(NewRegistration("credit"));
            var after = await clock.GetUtcNowAsync();
            var entry = (await ToListAsync(storage.Metadata.ReadScopeAsync("credit"))).Last();
            Check.True(
                entry.Timestamp >= before && entry.Timestamp <= after,
                $"Version {version.Version} was stamped {entry.Timestamp:O}, outside the store clock's {before:O} .. {after:O}.");
        });

    /// <summary>
    /// A store that implements IJournalChangeNotifier calls a subscriber on another instance after an append commits, with the
    /// committed sequence or a later one, or 0 when it does not know it.
    /// </summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task ChangeNotifier_IfImplemented_CallsBackOnAnotherInstanceAfterACommit() => CheckAsync(
        "A store that implements IJournalChangeNotifier calls a subscriber on another instance after an append commits, with the committed sequence or a later one, or 0 when it does not know it.",
        async () =>
        {
            await using var storage = await CreateStorageAsync();
            if (storage.Metadata is not IJournalChangeNotifier)
            {
                return;
            }

            await using var other = await OpenAnotherInstanceAsync(storage);
            var notifier = other.Metadata as IJournalChangeNotifier;
            Check.True(notifier is not null, "The first instance implements IJournalChangeNotifier and the second does not.");
            var announced = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            var gate = new Lock();
            var heard = new List<long>();
            long? committedSequence = null;
            using var subscription = notifier!.Subscribe(sequence =>
            {
                // A store may call back while AppendAsync is still returning, so every announcement is kept and judged once the commit's
                // sequence is known. 0 ("something may have changed", for example a channel that connected too late to hear the commit)
                // counts only after the commit: a channel that signals 0 as it connects, before the commit, has not told of it.
                lock (gate)
                {
                    if (committedSequence is { } committed)
                    {
                        if (sequence == 0 || sequence >= committed)
                        {
                            announced.TrySetResult(sequence);
                        }
                    }
                    else if (sequence != 0)
                    {
                        heard.Add(sequence);
                    }
                }
            });

            var result = await storage.Metadata.AppendAsync("model-a", 0, [Entry("model-a", 0)]);
            Check.True(result.IsCommitted);
            lock (gate)
            {
                committedSequence = result.Entries[^1].Sequence;
                if (heard.Exists(sequence => sequence >= committedSequence))
                {
                    announced.TrySetResult(committedSequence.Value);
                }
            }

            try
            {
                await announced.Task.WaitAsync(WaitTimeout);
            }
            catch (TimeoutException)
            {
                Check.Fail($"No change notification for sequence {result.Entries[^1].Sequence} arrived on the second instance within {WaitTimeout}.");
            }
        });
}
