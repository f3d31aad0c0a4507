using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.Storage;

namespace ModelOps.Sdk.Testing;

public sealed partial class StorageProviderContract
{
    /// <summary>
    /// A store that implements IJournalScopeReader returns, from a given index, exactly the scope's entries from that index on, in
    /// index order, every field as ReadScopeAsync returns it, and none of another scope; nothing for an unknown scope or an index past
    /// the end; also across page boundaries and from a second instance.
    /// </summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task ScopeReader_IfImplemented_ReadsExactlyTheScopesEntriesFromTheIndex() => CheckAsync(
        "A store that implements IJournalScopeReader returns, from a given index, exactly the scope's entries from that index on, in index order, every field as ReadScopeAsync returns it, and none of another scope; nothing for an unknown scope or an index past the end; also across page boundaries and from a second instance.",
        async () =>
        {
            await using var storage = await CreateStorageAsync();
            if (storage.Metadata is not IJournalScopeReader reader)
            {
                return;
            }

            // Interleaved scopes, appends of one and of several entries, a scope differing only in case, and one long scope that
            // spans read pages (the PostgreSQL store reads 1,000 at a time).
            var lengths = new Dictionary<string, long>(StringComparer.Ordinal) { ["model-a"] = 0, ["Model-A"] = 0, ["model-b"] = 0, ["$registry"] = 0 };
            for (var round = 0; round < 4; round++)
            {
                foreach (var scope in lengths.Keys.ToArray())
                {
                    var count = round % 2 == 0 ? 1 : 3;
                    var entries = Enumerable.Range(0, count).Select(i => Entry(scope, lengths[scope] + i)).ToArray();
                    Check.True((await storage.Metadata.AppendAsync(scope, lengths[scope], entries)).IsCommitted);
                    lengths[scope] += count;
                }
            }

            const int LongScope = 2_100;
            Check.True((await storage.Metadata.AppendAsync("model-long", 0, Enumerable.Range(0, LongScope).Select(i => Entry("model-long", i)).ToArray())).IsCommitted);
            lengths["model-long"] = LongScope;

            await using var other = await OpenAnotherInstanceAsync(storage);
            var otherReader = other.Metadata as IJournalScopeReader;
            Check.True(otherReader is not null, "The first instance implements IJournalScopeReader and the second does not.");
            foreach (var (scope, length) in lengths)
            {
                var whole = await ToListAsync(storage.Metadata.ReadScopeAsync(scope));
                Check.Equal(length, (long)whole.Count);
                long[] starts = scope == "model-long" ? [0, 1, 999, 1000, 1001, 2000, LongScope - 1, LongScope, LongScope + 5] : [.. Enumerable.Range(0, (int)length + 2).Select(i => (long)i)];
                foreach (var from in starts)
                {
                    foreach (var (name, r) in new[] { ("first", reader), ("second", otherReader!) })
                    {
                        var read = await ToListAsync(r.ReadScopeFromAsync(scope, from));
                        var expected = whole.Skip((int)Math.Min(from, whole.Count)).ToList();
                        Check.True(
                            read.Count == expected.Count,
                            $"ReadScopeFromAsync(\"{scope}\", {from}) on the {name} instance returned {read.Count} entries; the scope holds {length}, so {expected.Count} follow index {from}.");
                        for (var i = 0; i < read.Count; i++)
                        {
                            Check.True(
                                read[i].Scope == scope && read[i].Index == from + i,
                                $"ReadScopeFromAsync(\"{scope}\", {from}) on the {name} instance returned entry {i} as '{read[i].Scope}' index {read[i].Index}; expected '{scope}' index {from + i}.");
                            AssertVerbatim(expected[i], read[i]);
                            Check.Equal(expected[i].Sequence, read[i].Sequence);
                        }
                    }
                }
            }

            Check.Empty(await ToListAsync(reader.ReadScopeFromAsync("no-such-scope", 0)));
            Check.Empty(await ToListAsync(reader.ReadScopeFromAsync("MODEL-A", 0)));
            await Check.ThrowsAnyAsync<ArgumentOutOfRangeException>(async () => await ToListAsync(reader.ReadScopeFromAsync("model-a", -1)));
        });

    /// <summary>
    /// A registry that first uses a model after another instance wrote it (and many other models) answers as the writer does:
    /// versions, aliases, history and the listing of every model, also for changes made after it first answered.
    /// </summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task SecondRegistry_ModelsFirstUsedAfterOtherWrites_AnswerAsTheWriterDoes() => CheckAsync(
        "A registry that first uses a model after another instance wrote it (and many other models) answers as the writer does: versions, aliases, history and the listing of every model, also for changes made after it first answered.",
        async () =>
        {
            await using var harness = await StartAsync();
            var writer = harness.Registry;
            string[] models = ["churn", "credit", "fraud", "pricing", "risk"];
            foreach (var model in models)
            {
                for (var v = 1; v <= 3; v++)
                {
                    await writer.RegisterAsync(NewRegistration(model));
                }

                await writer.SetAliasAsync(model, "champion", 2, reason: "first champion");
            }

            await writer.UpdateTagsAsync("risk", 3, new Dictionary<string, string?> { ["stage"] = "shadow" });
            var reader = await harness.AddSecondRegistryAsync();

            // First use of one model, then of the listing, then of a model the reader has not used yet.
            Check.Equal(2, (await reader.ResolveAliasAsync("credit", "champion")).Version);
            Check.Equal(
                (await writer.ListModelsAsync()).Select(m => (m.Name, m.LatestVersion, string.Join(",", m.Aliases.OrderBy(a => a.Key).Select(a => $"{a.Key}={a.Value}")))),
                (await reader.ListModelsAsync()).Select(m => (m.Name, m.LatestVersion, string.Join(",", m.Aliases.OrderBy(a => a.Key).Select(a => $"{a.Key}={a.Value}")))));
            Check.Equal(
                (await writer.FindByTagAsync("stage")).Select(v => (v.ModelName, v.Version)),
                (await reader.FindByTagAsync("stage")).Select(v => (v.ModelName, v.Version)));

            // Changes after the reader first answered: to the model it uses and to one it only listed.
            await writer.SetAliasAsync("credit", "champion", 3, reason: "promote");
            await writer.RegisterAsync(NewRegistration("fraud"));
            await writer.SetAliasAsync("fraud", "champion", 4, reason: "promote");
            await reader.RefreshAsync();
            Check.Equal(3, (await reader.ResolveAliasAsync("credit", "champion")).Version);
            Check.Equal(4, (await reader.ResolveAliasAsync("fraud", "champion")).Version);
            Check.Equal(4, Check.Single(await reader.ListModelsAsync(), m => m.Name == "fraud").LatestVersion);
            Check.Equal(
                (await writer.GetAliasHistoryAsync("fraud", "champion")).Select(c => (c.Version, c.Sequence)),
                (await reader.GetAliasHistoryAsync("fraud", "champion")).Select(c => (c.Version, c.Sequence)));
            var page = await reader.ListVersionsAsync("pricing", 1, 1);
            Check.Equal(2, Check.Single(page.Items).Version);
        });
}
