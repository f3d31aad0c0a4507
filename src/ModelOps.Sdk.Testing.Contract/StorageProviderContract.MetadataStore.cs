using ModelOps.Sdk.Storage;

namespace ModelOps.Sdk.Testing;

public sealed partial class StorageProviderContract
{
    // Valid JSON on purpose (a store may embed it), with unusual spacing, key order, escapes and non-BMP characters: a store
    // that parses and re-serializes the payload, or normalizes the text, changes these bytes and breaks the audit hash.
    private const string ExoticPayload = "{ \"z\":1,\"a\" : \"caf\\u00e9 caf\u00e9 \u2615 \ud835\udd18 \\\"q\\\" \\\\ \u2028 \\u0000 \\u2028?\",\n\t\"n\":null , \"e\":1.50E+3}";

    /// <summary>An empty store reports sequence 0 and reads no entries.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task MetadataStore_Empty_HasSequenceZeroAndNoEntries() => CheckAsync(
        "An empty store reports sequence 0 and reads no entries.",
        async () =>
        {
            await using var storage = await CreateStorageAsync();
            Check.Equal(0, await storage.Metadata.GetLastSequenceAsync());
            Check.Empty(await ToListAsync(storage.Metadata.ReadAsync(0)));
            Check.Empty(await ToListAsync(storage.Metadata.ReadScopeAsync("no-such-scope")));
        });

    /// <summary>Appending at the scope's length commits every entry and assigns consecutive sequence numbers.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task AppendAsync_ExpectedLengthMatches_CommitsAllEntriesWithConsecutiveSequences() => CheckAsync(
        "Appending at the scope's length commits every entry and assigns consecutive sequence numbers.",
        async () =>
        {
            await using var storage = await CreateStorageAsync();
            var first = await storage.Metadata.AppendAsync("model-a", 0, [Entry("model-a", 0), Entry("model-a", 1), Entry("model-a", 2)]);

            Check.True(first.IsCommitted);
            Check.Equal(3, first.CurrentLength);
            Check.Equal([1L, 2L, 3L], first.Entries.Select(e => e.Sequence));
            Check.Equal([0L, 1L, 2L], first.Entries.Select(e => e.Index));
            Check.Equal(3, await storage.Metadata.GetLastSequenceAsync());

            var second = await storage.Metadata.AppendAsync("model-a", 3, [Entry("model-a", 3)]);
            Check.True(second.IsCommitted);
            Check.Equal(4, second.CurrentLength);
            Check.Equal(4, Check.Single(second.Entries).Sequence);
        });

    /// <summary>Compare-and-append with a stale or too-large expected length reports a conflict with the real length and writes nothing.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task AppendAsync_ExpectedLengthStale_ReturnsConflictAndWritesNothing() => CheckAsync(
        "Compare-and-append with a stale or too-large expected length reports a conflict with the real length and writes nothing.",
        async () =>
        {
            await using var storage = await CreateStorageAsync();
            Check.True((await storage.Metadata.AppendAsync("model-a", 0, [Entry("model-a", 0), Entry("model-a", 1)])).IsCommitted);

            var stale = await storage.Metadata.AppendAsync("model-a", 1, [Entry("model-a", 1, payload: "{\"lost\":true}")]);
            var ahead = await storage.Metadata.AppendAsync("model-a", 5, [Entry("model-a", 5, payload: "{\"lost\":true}")]);
            var fresh = await storage.Metadata.AppendAsync("model-b", 1, [Entry("model-b", 1, payload: "{\"lost\":true}")]);

            Check.False(stale.IsCommitted);
            Check.Empty(stale.Entries);
            Check.Equal(2, stale.CurrentLength);
            Check.False(ahead.IsCommitted);
            Check.Equal(2, ahead.CurrentLength);
            Check.False(fresh.IsCommitted);
            Check.Equal(0, fresh.CurrentLength);
            Check.Equal(2, await storage.Metadata.GetLastSequenceAsync());
            Check.Equal(2, (await ToListAsync(storage.Metadata.ReadScopeAsync("model-a"))).Count);
            Check.Empty(await ToListAsync(storage.Metadata.ReadScopeAsync("model-b")));
            Check.DoesNotContain(await ToListAsync(storage.Metadata.ReadAsync(0)), e => e.Payload.Contains("lost", StringComparison.Ordinal));
        });

    /// <summary>Entries whose indexes do not continue the expected length one by one, or that name another scope, are refused with <see cref="ArgumentException"/> and nothing is written.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task AppendAsync_NonContiguousIndexesOrForeignScope_ThrowsArgumentExceptionAndWritesNothing() => CheckAsync(
        "Entries whose indexes do not continue the expected length one by one, or that name another scope, are refused with ArgumentException and nothing is written.",
        async () =>
        {
            await using var storage = await CreateStorageAsync();
            Check.True((await storage.Metadata.AppendAsync("model-a", 0, [Entry("model-a", 0)])).IsCommitted);

            await Check.ThrowsAnyAsync<ArgumentException>(async () => await storage.Metadata.AppendAsync("model-a", 1, [Entry("model-a", 1), Entry("model-a", 3)]));
            await Check.ThrowsAnyAsync<ArgumentException>(async () => await storage.Metadata.AppendAsync("model-a", 1, [Entry("model-a", 2)]));
            await Check.ThrowsAnyAsync<ArgumentException>(async () => await storage.Metadata.AppendAsync("model-a", 1, [Entry("model-a", 1), Entry("model-a", 1)]));
            await Check.ThrowsAnyAsync<ArgumentException>(async () => await storage.Metadata.AppendAsync("model-a", 1, [Entry("model-b", 1)]));

            Check.Equal(1, await storage.Metadata.GetLastSequenceAsync());
            Check.Single(await ToListAsync(storage.Metadata.ReadScopeAsync("model-a")));
            Check.Empty(await ToListAsync(storage.Metadata.ReadScopeAsync("model-b")));
        });

    /// <summary>Sequence numbers grow by exactly 1 per committed entry across all scopes, in commit order.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task AppendAsync_AcrossScopes_SequencesIncreaseByExactlyOne() => CheckAsync(
        "Sequence numbers grow by exactly 1 per committed entry across all scopes, in commit order.",
        async () =>
        {
            await using var storage = await CreateStorageAsync();
            string[] scopes = ["model-a", "$registry", "model-b"];
            var lengths = new long[scopes.Length];
            var expectedSequence = await storage.Metadata.GetLastSequenceAsync() + 1;
            for (var round = 0; round < 12; round++)
            {
                var s = round % scopes.Length;
                var count = 1 + (round % 2);
                var batch = Enumerable.Range(0, count).Select(i => Entry(scopes[s], lengths[s] + i)).ToArray();
                var result = await storage.Metadata.AppendAsync(scopes[s], lengths[s], batch);
                Check.True(result.IsCommitted);
                foreach (var committed in result.Entries)
                {
                    Check.Equal(expectedSequence++, committed.Sequence);
                }

                lengths[s] += count;
                Check.Equal(lengths[s], result.CurrentLength);
                Check.Equal(expectedSequence - 1, await storage.Metadata.GetLastSequenceAsync());
            }

            var all = await ToListAsync(storage.Metadata.ReadAsync(0));
            Check.Equal(Enumerable.Range(1, all.Count).Select(i => (long)i), all.Select(e => e.Sequence));
        });

    /// <summary><see cref="IModelMetadataStore.ReadAsync"/> returns exactly the entries after the given sequence, in sequence order.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task ReadAsync_AfterSequence_ReturnsLaterEntriesInSequenceOrder() => CheckAsync(
        "ReadAsync returns exactly the entries after the given sequence, in sequence order.",
        async () =>
        {
            await using var storage = await CreateStorageAsync();
            for (var i = 0; i < 5; i++)
            {
                Check.True((await storage.Metadata.AppendAsync("model-a", i, [Entry("model-a", i)])).IsCommitted);
                Check.True((await storage.Metadata.AppendAsync("model-b", i, [Entry("model-b", i)])).IsCommitted);
            }

            var all = await ToListAsync(storage.Metadata.ReadAsync(0));
            Check.Equal(10, all.Count);
            Check.Equal(Enumerable.Range(1, 10).Select(i => (long)i), all.Select(e => e.Sequence));
            Check.Equal(Enumerable.Range(0, 10).Select(i => i % 2 == 0 ? "model-a" : "model-b"), all.Select(e => e.Scope));

            for (var after = 0; after <= 10; after++)
            {
                var tail = await ToListAsync(storage.Metadata.ReadAsync(after));
                Check.Equal(Enumerable.Range(after + 1, 10 - after).Select(i => (long)i), tail.Select(e => e.Sequence));
            }
        });

    /// <summary>Every field of every entry reads back exactly as appended: unicode payloads byte for byte, timestamps to the tick, null and non-null signatures.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task ReadScopeAsync_AndReadAsync_ReturnEveryFieldVerbatim() => CheckAsync(
        "Every field of every entry reads back exactly as appended: unicode payloads byte for byte, timestamps to the tick, null and non-null signatures.",
        async () =>
        {
            await using var storage = await CreateStorageAsync();
            var appended = new[]
            {
                Entry("model-a", 0, payload: ExoticPayload, timestamp: new DateTimeOffset(638_777_777_777_777_777, TimeSpan.Zero)) with
                {
                    Kind = "version.registered",
                    Signature = null,
                    KeyId = null,
                },
                Entry("model-a", 1, payload: "{}", timestamp: new DateTimeOffset(638_777_777_777_777_778, TimeSpan.Zero)) with
                {
                    Kind = "kind.from-a-newer-library",
                    Signature = Convert.ToBase64String(RandomBytes(32, 7)),
                    KeyId = "key-2026.03",
                },
                Entry("model-a", 2, payload: "[\"" + new string('x', 100_000) + "\"]", timestamp: new DateTimeOffset(2199, 12, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(9_999_999)),
            };
            var committed = await storage.Metadata.AppendAsync("model-a", 0, appended);
            Check.True(committed.IsCommitted);

            var scope = await ToListAsync(storage.Metadata.ReadScopeAsync("model-a"));
            var all = await ToListAsync(storage.Metadata.ReadAsync(0));
            var fromAnotherInstance = await ReadScopeFromAnotherInstanceAsync(storage, "model-a");
            foreach (var read in new[] { scope, all, fromAnotherInstance, committed.Entries.ToList() })
            {
                Check.Equal(appended.Length, read.Count);
                for (var i = 0; i < appended.Length; i++)
                {
                    AssertVerbatim(appended[i], read[i]);
                    Check.Equal(committed.Entries[i].Sequence, read[i].Sequence);
                }
            }
        });

    /// <summary>Eight appenders doing 25 appends each with compare-and-append retry (on two store instances when the provider has them) produce gapless, duplicate-free indexes and sequences.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task AppendAsync_ConcurrentAppendersWithRetry_ProduceGaplessDuplicateFreeIndexes() => CheckAsync(
        "Eight appenders doing 25 appends each with compare-and-append retry (on two store instances when the provider has them) produce gapless, duplicate-free indexes and sequences.",
        async () =>
        {
            const int Appenders = 8;
            const int AppendsEach = 25;
            await using var storage = await CreateStorageAsync();
            await using var other = await OpenAnotherInstanceAsync(storage);
            var stores = new[] { storage.Metadata, other.Metadata };

            using var start = new ManualResetEventSlim();
            var appenders = Enumerable.Range(0, Appenders).Select(a => Task.Run(async () =>
            {
                var store = stores[a % 2];
                long expected = 0;
                start.Wait();
                for (var i = 0; i < AppendsEach; i++)
                {
                    while (true)
                    {
                        var result = await store.AppendAsync("contended", expected, [Entry("contended", expected, payload: $"{{\"appender\":{a},\"n\":{i}}}")]);
                        if (result.IsCommitted)
                        {
                            Check.Equal(expected + 1, result.CurrentLength);
                            expected = result.CurrentLength;
                            break;
                        }

                        Check.NotEqual(expected, result.CurrentLength);
                        expected = result.CurrentLength;
                    }
                }
            })).ToArray();
            start.Set();
            await Task.WhenAll(appenders).WaitAsync(WaitTimeout * 4);

            var entries = await ToListAsync(storage.Metadata.ReadScopeAsync("contended"));
            Check.Equal(Appenders * AppendsEach, entries.Count);
            Check.Equal(Enumerable.Range(0, entries.Count).Select(i => (long)i), entries.Select(e => e.Index));
            Check.Equal(entries.Count, entries.Select(e => e.Payload).Distinct(StringComparer.Ordinal).Count());
            Check.Equal(entries.Count, entries.Select(e => e.Sequence).Distinct().Count());
            Check.True(entries.Zip(entries.Skip(1)).All(p => p.Second.Sequence > p.First.Sequence), "Sequences must increase along the scope.");
            var all = await ToListAsync(storage.Metadata.ReadAsync(0));
            Check.Equal(Enumerable.Range(1, all.Count).Select(i => (long)i), all.Select(e => e.Sequence));
            Check.Equal(all.Count, await storage.Metadata.GetLastSequenceAsync());
            Check.Equal(all.Count, await other.Metadata.GetLastSequenceAsync());
        });

    /// <summary>A second store instance over the same storage sees committed entries at once and conflicts on a stale expected length.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task AppendAsync_SecondInstance_SeesCommittedEntriesAndConflictsOnStaleLength() => CheckAsync(
        "A second store instance over the same storage sees committed entries at once and conflicts on a stale expected length.",
        async () =>
        {
            await using var storage = await CreateStorageAsync();
            await using var other = await OpenAnotherInstanceAsync(storage);

            Check.True((await storage.Metadata.AppendAsync("model-a", 0, [Entry("model-a", 0)])).IsCommitted);
            var conflict = await other.Metadata.AppendAsync("model-a", 0, [Entry("model-a", 0, payload: "{\"lost\":true}")]);
            Check.False(conflict.IsCommitted);
            Check.Equal(1, conflict.CurrentLength);

            var appended = await other.Metadata.AppendAsync("model-a", 1, [Entry("model-a", 1)]);
            Check.True(appended.IsCommitted);
            Check.Equal(2, Check.Single(appended.Entries).Sequence);
            Check.Equal(2, await storage.Metadata.GetLastSequenceAsync());
            Check.Equal([1L, 2L], (await ToListAsync(storage.Metadata.ReadAsync(0))).Select(e => e.Sequence));
        });

    private static JournalEntry Entry(string scope, long index, string? payload = null, DateTimeOffset? timestamp = null) => new()
    {
        Scope = scope,
        Index = index,
        Timestamp = timestamp ?? ClockStart.AddTicks(index * 10_000_001 + 3),
        Kind = "test.entry",
        Payload = payload ?? $"{{\"scope\":\"{scope}\",\"index\":{index}}}",
        PreviousHash = index == 0 ? new string('0', 64) : Sha256Hex([.. System.Text.Encoding.UTF8.GetBytes($"{scope}/{index - 1}")]),
        Hash = Sha256Hex([.. System.Text.Encoding.UTF8.GetBytes($"{scope}/{index}")]),
    };

    private static void AssertVerbatim(JournalEntry expected, JournalEntry actual)
    {
        Check.Equal(expected.Scope, actual.Scope);
        Check.Equal(expected.Index, actual.Index);
        Check.Equal(expected.Timestamp.UtcTicks, actual.Timestamp.UtcTicks);
        Check.Equal(expected.Timestamp.Offset, actual.Timestamp.Offset);
        Check.Equal(expected.Kind, actual.Kind);
        Check.True(
            string.Equals(expected.Payload, actual.Payload, StringComparison.Ordinal),
            $"Entry {expected.Index}: the payload did not read back verbatim. Expected {expected.Payload.Length} chars, got {actual.Payload.Length}.");
        Check.Equal(expected.PreviousHash, actual.PreviousHash);
        Check.Equal(expected.Hash, actual.Hash);
        Check.Equal(expected.Signature, actual.Signature);
        Check.Equal(expected.KeyId, actual.KeyId);
        Check.True(actual.Sequence > 0, "A committed entry must carry its sequence number.");
    }

    private static async Task<List<JournalEntry>> ReadScopeFromAnotherInstanceAsync(StorageUnderTest storage, string scope)
    {
        await using var other = await OpenAnotherInstanceAsync(storage);
        return await ToListAsync(other.Metadata.ReadScopeAsync(scope));
    }
}
