using ModelOps.Sdk.Storage;

namespace ModelOps.Sdk.Testing;

public sealed partial class StorageProviderContract
{
    /// <summary>How many entries the paging checks write: more than two pages of any store that reads in pages of up to 1,000 entries.</summary>
    private const int PagingEntries = 2_500;

    /// <summary>Scopes are compared ordinally: names that differ only in case (<c>Credit</c>, <c>credit</c>, <c>CREDIT</c>) are separate scopes, each with its own indexes.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task AppendAsync_ScopesDifferingOnlyInCase_AreSeparateScopes() => CheckAsync(
        "Scopes are compared ordinally: names that differ only in case (Credit, credit, CREDIT) are separate scopes, each with its own indexes.",
        async () =>
        {
            await using var storage = await CreateStorageAsync();
            string[] scopes = ["Credit", "credit", "CREDIT", "cRedit"];
            foreach (var scope in scopes)
            {
                var result = await storage.Metadata.AppendAsync(scope, 0, [Entry(scope, 0)]);
                Check.True(result.IsCommitted, $"Appending the first entry of scope '{scope}' at length 0 returned a conflict with length {result.CurrentLength}: the store treats it as the same scope as another name differing only in case.");
            }

            Check.True((await storage.Metadata.AppendAsync("credit", 1, [Entry("credit", 1)])).IsCommitted, "Appending the second entry of 'credit' at length 1 failed.");
            await using var other = await OpenAnotherInstanceAsync(storage);
            foreach (var store in new[] { storage.Metadata, other.Metadata })
            {
                foreach (var scope in scopes)
                {
                    var read = await ToListAsync(store.ReadScopeAsync(scope));
                    Check.Equal(scope == "credit" ? [0L, 1L] : [0L], read.Select(e => e.Index));
                    Check.All(read, e => Check.Equal(scope, e.Scope));
                }
            }

            Check.Equal(scopes.Length + 1, (await ToListAsync(storage.Metadata.ReadAsync(0))).Count);
        });

    /// <summary>Model names that differ only in case are separate models: registering <c>Credit</c> and <c>credit</c> gives each its version 1.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task RegisterAsync_ModelNamesDifferingOnlyInCase_AreSeparateModels() => CheckAsync(
        "Model names that differ only in case are separate models: registering Credit and credit gives each its version 1.",
        async () =>
        {
            await using var h = await StartAsync();
            var upper = await h.Registry.RegisterAsync(NewRegistration("Credit"));
            var lower = await h.Registry.RegisterAsync(NewRegistration("credit"));

            Check.Equal(("Credit", 1), (upper.ModelName, upper.Version));
            Check.Equal(("credit", 1), (lower.ModelName, lower.Version));
            Check.Equal(["Credit", "credit"], (await h.Registry.ListModelsAsync()).Select(m => m.Name).Order(StringComparer.Ordinal));
        });

    /// <summary>
    /// Reads return every entry across page boundaries: with 2,500 entries in two interleaved scopes, ReadAsync from any sequence
    /// and ReadScopeAsync return each entry exactly once, in order, on both instances.
    /// </summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task ReadAsync_AndReadScopeAsync_AcrossPageBoundaries_ReturnEveryEntryOnce() => CheckAsync(
        "Reads return every entry across page boundaries: with 2,500 entries in two interleaved scopes, ReadAsync from any sequence and ReadScopeAsync return each entry exactly once, in order, on both instances.",
        async () =>
        {
            await using var storage = await CreateStorageAsync();
            const int Batch = 50;
            long big = 0, small = 0;
            while (big + small < PagingEntries)
            {
                var batch = Enumerable.Range(0, Batch).Select(i => Entry("paged", big + i, payload: $"{{\"n\":{big + i}}}")).ToArray();
                Check.True((await storage.Metadata.AppendAsync("paged", big, batch)).IsCommitted);
                big += Batch;
                Check.True((await storage.Metadata.AppendAsync("other", small, [Entry("other", small)])).IsCommitted);
                small++;
            }

            var total = big + small;
            await using var other = await OpenAnotherInstanceAsync(storage);
            foreach (var store in new[] { storage.Metadata, other.Metadata })
            {
                var all = await ToListAsync(store.ReadAsync(0));
                Check.Equal(total, (long)all.Count);
                Check.True(all.Select((e, i) => e.Sequence == i + 1).All(ok => ok), "ReadAsync(0) must return sequences 1, 2, 3, ... without a gap or repeat.");
                long[] starts = [1, 99, 100, 101, 255, 256, 257, 499, 500, 501, 999, 1000, 1001, 1023, 1024, 1025, 1999, 2000, 2001, 2047, 2048, 2049, total - 1, total];
                foreach (var after in starts)
                {
                    var tail = await ToListAsync(store.ReadAsync(after));
                    Check.True(
                        tail.Count == total - after && tail.Select((e, i) => e.Sequence == after + 1 + i).All(ok => ok),
                        $"ReadAsync({after}) returned {tail.Count} entries; expected sequences {after + 1} to {total}, each once, in order.");
                }

                var scope = await ToListAsync(store.ReadScopeAsync("paged"));
                Check.True(
                    scope.Count == big && scope.Select((e, i) => e.Index == i && e.Payload == $"{{\"n\":{i}}}").All(ok => ok),
                    $"ReadScopeAsync(\"paged\") returned {scope.Count} entries; expected indexes 0 to {big - 1}, each once, in order.");
                Check.Equal(small, (long)(await ToListAsync(store.ReadScopeAsync("other"))).Count);
            }
        });

    /// <summary>
    /// Timestamps read back with their offset as well as their instant: entries stamped +05:30, -08:00, +14:00 and -12:00 keep those
    /// offsets, to the tick, on every read path and on another instance.
    /// </summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task ReadScopeAsync_NonUtcOffsets_ReadBackWithTheirOffset() => CheckAsync(
        "Timestamps read back with their offset as well as their instant: entries stamped +05:30, -08:00, +14:00 and -12:00 keep those offsets, to the tick, on every read path and on another instance.",
        async () =>
        {
            TimeSpan[] offsets = [new(5, 30, 0), TimeSpan.FromHours(-8), TimeSpan.FromHours(14), TimeSpan.FromHours(-12), TimeSpan.Zero];
            var appended = offsets
                .Select((offset, i) => Entry("model-a", i, timestamp: new DateTimeOffset(ClockStart.UtcTicks + offset.Ticks + (i * 1_234_567), offset)))
                .ToArray();
            await AssertAppendedReadsBackVerbatimAsync(appended);
        });

    /// <summary>
    /// Payloads read back byte for byte, whitespace included: leading and trailing spaces, tabs, CR LF, blank lines and spacing inside
    /// JSON are neither trimmed, normalized nor re-encoded.
    /// </summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task ReadScopeAsync_PayloadWhitespace_ReadsBackVerbatim() => CheckAsync(
        "Payloads read back byte for byte, whitespace included: leading and trailing spaces, tabs, CR LF, blank lines and spacing inside JSON are neither trimmed, normalized nor re-encoded.",
        async () =>
        {
            string[] payloads =
            [
                "  {\"a\":1}  ",
                "\t{ \"a\" :\t1 }\t",
                "{\r\n  \"a\": 1,\r\n\r\n  \"b\": \"x  y\"\r\n}\r\n",
                "\n\n{\"a\":[1,  2,\n3]}\n",
                "{\"a\":\"\u00a0non-breaking\u00a0\"}\u00a0",
                " ",
            ];
            await AssertAppendedReadsBackVerbatimAsync(payloads.Select((p, i) => Entry("model-a", i, payload: p)).ToArray());
        });

    /// <summary>
    /// An append whose token is already cancelled either throws OperationCanceledException and writes nothing, or commits and returns
    /// the committed result: it never reports a cancellation for entries it committed.
    /// </summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task AppendAsync_CancelledToken_NeverReportsCancellationAfterCommitting() => CheckAsync(
        "An append whose token is already cancelled either throws OperationCanceledException and writes nothing, or commits and returns the committed result: it never reports a cancellation for entries it committed.",
        async () =>
        {
            await using var storage = await CreateStorageAsync();
            using var cancelled = new CancellationTokenSource();
            await cancelled.CancelAsync();
            await AssertCancellationConsistentAsync(storage.Metadata, "model-a", 0, cancelled.Token);
        });

    /// <summary>
    /// Whenever a cancellation arrives during an append, the outcome matches the store: OperationCanceledException only when nothing was
    /// written, a committed result only when the entry is stored (40 appends, each cancelled at a different moment).
    /// </summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task AppendAsync_CancelledWhileAppending_ThrowsOnlyWhenNothingWasCommitted() => CheckAsync(
        "Whenever a cancellation arrives during an append, the outcome matches the store: OperationCanceledException only when nothing was written, a committed result only when the entry is stored (40 appends, each cancelled at a different moment).",
        async () =>
        {
            await using var storage = await CreateStorageAsync();
            long length = 0;
            for (var attempt = 0; attempt < 40; attempt++)
            {
                // The cancellation is the stimulus, not a wait: its moment moves across the append, and every outcome is checked.
                using var cancellation = new CancellationTokenSource(TimeSpan.FromTicks(attempt * 1_000));
                length = await AssertCancellationConsistentAsync(storage.Metadata, "model-a", length, cancellation.Token);
            }
        });

    /// <summary>
    /// StorageUnderTest.OpenAnotherInstance opens stores over the same storage: what one instance appends, the other reads at once,
    /// and each sees the other's commits in its compare-and-append.
    /// </summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task OpenAnotherInstance_IsSetAndOpensTheSameStorage() => CheckAsync(
        "StorageUnderTest.OpenAnotherInstance opens stores over the same storage: what one instance appends, the other reads at once, and each sees the other's commits in its compare-and-append.",
        async () =>
        {
            await using var storage = await CreateStorageAsync();
            await using var other = await OpenAnotherInstanceAsync(storage);
            Check.True((await storage.Metadata.AppendAsync("model-a", 0, [Entry("model-a", 0)])).IsCommitted);
            Check.Equal(1, await other.Metadata.GetLastSequenceAsync());
            Check.Equal([0L], (await ToListAsync(other.Metadata.ReadScopeAsync("model-a"))).Select(e => e.Index));
            Check.Equal(1, (await other.Metadata.AppendAsync("model-a", 0, [Entry("model-a", 0)])).CurrentLength);
            Check.True((await other.Metadata.AppendAsync("model-a", 1, [Entry("model-a", 1)])).IsCommitted);
            Check.Equal(2, (await storage.Metadata.AppendAsync("model-a", 1, [Entry("model-a", 1)])).CurrentLength);
            Check.Equal([1L, 2L], (await ToListAsync(storage.Metadata.ReadAsync(0))).Select(e => e.Sequence));
        });

    private async Task AssertAppendedReadsBackVerbatimAsync(JournalEntry[] appended)
    {
        await using var storage = await CreateStorageAsync();
        var committed = await storage.Metadata.AppendAsync("model-a", 0, appended);
        Check.True(committed.IsCommitted);
        await using var other = await OpenAnotherInstanceAsync(storage);
        var reads = new[]
        {
            committed.Entries.ToList(),
            await ToListAsync(storage.Metadata.ReadScopeAsync("model-a")),
            await ToListAsync(storage.Metadata.ReadAsync(0)),
            await ToListAsync(other.Metadata.ReadScopeAsync("model-a")),
            await ToListAsync(other.Metadata.ReadAsync(0)),
        };
        foreach (var read in reads)
        {
            Check.Equal(appended.Length, read.Count);
            for (var i = 0; i < appended.Length; i++)
            {
                AssertVerbatim(appended[i], read[i]);
            }
        }
    }

    /// <summary>Appends one entry with the token and checks that the outcome matches what is stored; returns the scope's new length.</summary>
    private static async Task<long> AssertCancellationConsistentAsync(IModelMetadataStore store, string scope, long length, CancellationToken token)
    {
        JournalAppendResult? result = null;
        var cancelled = false;
        try
        {
            result = await store.AppendAsync(scope, length, [Entry(scope, length)], token);
        }
        catch (OperationCanceledException)
        {
            cancelled = true;
        }

        var stored = (await ToListAsync(store.ReadScopeAsync(scope, CancellationToken.None))).Count;
        if (cancelled)
        {
            Check.True(
                stored == length,
                $"AppendAsync threw OperationCanceledException, but the scope holds {stored} entries, not {length}: the entry was committed and the caller was told it was not.");
            return length;
        }

        Check.True(result!.IsCommitted, $"The append at length {length} returned a conflict with length {result.CurrentLength}.");
        Check.Equal(length + 1, (long)stored);
        return stored;
    }
}
