using System.Text.Json;
using System.Text.Json.Nodes;
using ModelOps.Sdk.Audit;
using ModelOps.Sdk.Checkpoints;
using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Storage.FileSystem;
using ModelOps.Sdk.Storage.InMemory;
using ModelOps.Sdk.Tests.Registry;
using ModelOps.Sdk.Tests.Storage.FileSystem;

namespace ModelOps.Sdk.Tests.Checkpoints;

/// <summary>
/// Checkpoints of folded scope state (issue 18, item 2) over the real filesystem store: a new instance starts from the newest
/// checkpoint and the entries after it, and a checkpoint that fails verification is never served: the instance serves the state of
/// the real journal.
/// </summary>
public sealed class ScopeCheckpointTests
{
    private const string Model = "credit";
    private const int TrueChampion = 20;
    private const int ForgedChampion = 3;
    private static readonly string Key = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)((i * 11) + 3)).ToArray());
    private static readonly byte[] WrongKey = Enumerable.Range(0, 32).Select(i => (byte)(255 - i)).ToArray();
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public enum Forgery
    {
        StateEditedAndReSignedWithAnotherKey,
        StateEditedWithoutReSigning,
        SignatureRemoved,
        AnotherScopesCheckpoint,
        NamesAHashNotOnTheChain,
        TruncatedFile,
        NewerFormat,
    }

    [Fact]
    public async Task ColdOpen_SignedCheckpoint_FoldsFromItAndServesWhatAFullFoldServes()
    {
        using var directory = new TemporaryDirectory();
        var expected = await SeedAsync(directory, Key);

        using var outcomes = new CheckpointOutcomes();
        await using (var reader = Open(directory, Key))
        {
            Assert.Equal(TrueChampion, (await reader.Registry.ResolveAliasAsync(Model, "champion")).Version);
            Assert.Equal(expected, await StateOfAsync(reader.Registry));
        }

        Assert.Equal(1, outcomes["loaded"]);
        Assert.Equal(0, outcomes["rejected"]);

        Directory.Delete(Path.Combine(directory.Path, "checkpoints"), recursive: true);
        await using var full = Open(directory, Key);
        Assert.Equal(expected, await StateOfAsync(full.Registry));
    }

    [Theory]
    [InlineData(Forgery.StateEditedAndReSignedWithAnotherKey)]
    [InlineData(Forgery.StateEditedWithoutReSigning)]
    [InlineData(Forgery.SignatureRemoved)]
    [InlineData(Forgery.AnotherScopesCheckpoint)]
    [InlineData(Forgery.NamesAHashNotOnTheChain)]
    [InlineData(Forgery.TruncatedFile)]
    [InlineData(Forgery.NewerFormat)]
    public async Task ColdOpen_ForgedCheckpointWithSigningKey_IsNeverServedAndIsRebuilt(Forgery forgery)
    {
        using var directory = new TemporaryDirectory();
        var expected = await SeedAsync(directory, Key);
        await ForgeAsync(directory, forgery, signer: new HmacAuditSigner(Convert.FromBase64String(Key), "default"));

        using var outcomes = new CheckpointOutcomes();
        await using (var reader = Open(directory, Key))
        {
            Assert.Equal(TrueChampion, (await reader.Registry.ResolveAliasAsync(Model, "champion")).Version);
            Assert.Equal(expected, await StateOfAsync(reader.Registry));
        }

        Assert.Equal(1, outcomes["rejected"]);
        Assert.Equal(0, outcomes["loaded"]);
        Assert.Equal(1, outcomes["written"]); // rebuilt at once, although the reader writes checkpoints only every 1,000,000 entries

        await using var next = Open(directory, Key);
        Assert.Equal(expected, await StateOfAsync(next.Registry));
        Assert.Equal(1, outcomes["loaded"]);
        Assert.Equal(1, outcomes["rejected"]);
    }

    [Fact]
    public async Task ColdOpen_TamperedUnsignedCheckpoint_IsRefutedByTheBackgroundFoldAndReplaced()
    {
        using var directory = new TemporaryDirectory();
        var expected = await SeedAsync(directory, key: null);
        await ForgeAsync(directory, Forgery.StateEditedWithoutReSigning, signer: null);

        using var outcomes = new CheckpointOutcomes();
        await using (var reader = Open(directory, key: null))
        {
            await WaitUntilAsync(async () => (await reader.Registry.ResolveAliasAsync(Model, "champion")).Version == TrueChampion);
            Assert.Equal(expected, await StateOfAsync(reader.Registry));
            await WaitUntilAsync(() => Task.FromResult(outcomes["written"] == 1));
        }

        // Without a key the checkpoint is used at once (the documented window), and the background fold refutes it.
        Assert.Equal(1, outcomes["loaded"]);
        Assert.Equal(1, outcomes["refuted"]);

        await using var next = Open(directory, key: null);
        Assert.Equal(TrueChampion, (await next.Registry.ResolveAliasAsync(Model, "champion")).Version);
        Assert.Equal(expected, await StateOfAsync(next.Registry));
        Assert.Equal(2, outcomes["loaded"]);
        Assert.Equal(1, outcomes["refuted"]);
    }

    [Fact]
    public async Task ColdOpen_UnsignedCheckpointThatAgrees_IsConfirmedAndNotRefuted()
    {
        using var directory = new TemporaryDirectory();
        var expected = await SeedAsync(directory, key: null);

        using var outcomes = new CheckpointOutcomes();
        await using (var reader = Open(directory, key: null))
        {
            Assert.Equal(expected, await StateOfAsync(reader.Registry));
        }

        Assert.Equal(1, outcomes["loaded"]);
        Assert.Equal(0, outcomes["refuted"]);
    }

    [Fact]
    public async Task ColdOpen_SignedCheckpointAndJournalEditedBeforeIt_RefusesTheModelAsAFullFoldDoes()
    {
        using var directory = new TemporaryDirectory();
        await SeedAsync(directory, Key);

        // Entry 1 of the model (version 2's registration) is edited in place: the checkpoint, taken before, does not cover the edit.
        var lines = await File.ReadAllLinesAsync(directory.JournalFile);
        var at = lines.Select((line, i) => (line, i)).Where(l => l.line.Contains("\"scope\":\"credit\"", StringComparison.Ordinal)).ElementAt(1).i;
        Assert.Contains("onnx", lines[at], StringComparison.Ordinal);
        lines[at] = lines[at].Replace("onnx", "onnz", StringComparison.Ordinal);
        await File.WriteAllLinesAsync(directory.JournalFile, lines);

        await using var reader = Open(directory, Key);
        AuditChainBrokenException? refused = null;
        await WaitUntilAsync(async () =>
        {
            refused = await Record.ExceptionAsync(async () => await reader.Registry.ResolveAliasAsync(Model, "champion")) as AuditChainBrokenException;
            return refused is not null;
        });
        Assert.Equal(1, refused!.Index);
        Assert.Equal(AuditViolationKind.ContentAltered, refused.Kind);

        Directory.Delete(Path.Combine(directory.Path, "checkpoints"), recursive: true);
        await using var full = Open(directory, Key);
        var fullRefusal = await Assert.ThrowsAsync<AuditChainBrokenException>(async () => await full.Registry.ResolveAliasAsync(Model, "champion"));
        Assert.Equal((refused.Index, refused.Kind), (fullRefusal.Index, fullRefusal.Kind));
    }

    [Fact]
    public async Task CheckpointStoreThatFailsToWrite_RegistryWorksAndLogsIt()
    {
        await using var host = RegistryHost.Create(new FailingCheckpointStore(), configure: o => o.CheckpointEvery = 2);
        using var outcomes = new CheckpointOutcomes();
        await host.RegisterVersionsAsync(Model, 5);
        await host.Registry.SetAliasAsync(Model, "champion", 4);
        await WaitUntilAsync(() => Task.FromResult(outcomes["write_failed"] > 0));
        Assert.Equal(4, (await host.Registry.ResolveAliasAsync(Model, "champion")).Version);
        Assert.Equal(0, outcomes["written"]);
    }

    /// <summary>
    /// Writes the history every test starts from: a first instance registers 30 versions of the model and moves its champion to
    /// 12, then 20, writing a checkpoint after every entry (so the last one holds all of it); a second one, which writes none, adds a
    /// tail after it. Returns the state as the writer sees it.
    /// </summary>
    internal static async Task<string> SeedAsync(TemporaryDirectory directory, string? key)
    {
        await using (var writer = Open(directory, key, every: 1))
        {
            await writer.RegisterVersionsAsync(Model, 30);
            await writer.RegisterVersionsAsync("fraud", 12);
            await writer.Registry.SetAliasAsync(Model, "champion", 12, reason: "first champion");
            await writer.Registry.SetAliasAsync(Model, "champion", TrueChampion, reason: "promote");

            // Checkpoints are written in the background: wait until the last ones hold every entry.
            using var store = new FileSystemMetadataStore(directory.Options());
            await WaitUntilAsync(async () => (await store.ReadCheckpointAsync(Model))?.Length == 32 && (await store.ReadCheckpointAsync("fraud"))?.Length == 12);
        }

        Assert.Single(Directory.GetFiles(Path.Combine(directory.Path, "checkpoints"), $"{Model}.*.checkpoint.json"));
        await using var tail = Open(directory, key);
        await tail.RegisterVersionsAsync(Model, 2);
        await tail.Registry.UpdateTagsAsync(Model, 31, new Dictionary<string, string?> { ["stage"] = "shadow" }, reason: "tail");
        return await StateOfAsync(tail.Registry);
    }

    internal static RegistryHost Open(TemporaryDirectory directory, string? key, int every = 1_000_000) => RegistryHost.Create(
        new FileSystemMetadataStore(directory.Options()),
        new InMemoryArtifactStore(),
        configure: o =>
        {
            o.AuditSigningKey = key;
            o.CheckpointEvery = every;
        });

    /// <summary>Everything the public API shows of the model: every version, every alias and its history, the model's listing.</summary>
    internal static async Task<string> StateOfAsync(IModelRegistry registry, string model = Model)
    {
        var versions = new List<ModelVersion>();
        for (var page = await registry.ListVersionsAsync(model); ; page = await registry.ListVersionsAsync(model, page.NextAfterVersion!.Value))
        {
            versions.AddRange(page.Items);
            if (page.NextAfterVersion is null)
            {
                break;
            }
        }

        var aliases = await registry.ListAliasesAsync(model);
        var histories = new List<IReadOnlyList<AliasChange>>();
        foreach (var name in new[] { "champion", "a0", "a1" })
        {
            histories.Add(await registry.GetAliasHistoryAsync(model, name));
        }

        // A dictionary's enumeration order is no part of the state (a checkpoint written at another moment may restore the same
        // aliases in another insertion order, found by a loaded run): compare the listing's aliases by name.
        var listing = (await registry.ListModelsAsync()).Where(m => m.Name == model)
            .Select(m => m with { Aliases = new SortedDictionary<string, int>(m.Aliases.ToDictionary(), StringComparer.Ordinal) });
        return JsonSerializer.Serialize(new { versions, aliases, histories, listing });
    }

    private static async Task ForgeAsync(TemporaryDirectory directory, Forgery forgery, HmacAuditSigner? signer)
    {
        var folder = Path.Combine(directory.Path, "checkpoints");
        var path = Directory.GetFiles(folder, $"{Model}.*.checkpoint.json").Single();
        using var store = new FileSystemMetadataStore(directory.Options());
        var checkpoint = (await store.ReadCheckpointAsync(Model))!;
        var forged = forgery switch
        {
            Forgery.StateEditedAndReSignedWithAnotherKey => ScopeCheckpointFormat.Create(Model, checkpoint.Length, checkpoint.EntryHash, EditedState(checkpoint.State), new HmacAuditSigner(WrongKey, "default")),
            Forgery.StateEditedWithoutReSigning => checkpoint with { State = EditedState(checkpoint.State) },
            Forgery.SignatureRemoved => checkpoint with { Signature = null, KeyId = null },
            Forgery.AnotherScopesCheckpoint => (await store.ReadCheckpointAsync("fraud"))!,
            Forgery.NamesAHashNotOnTheChain => ScopeCheckpointFormat.Create(Model, checkpoint.Length, new string('7', 64), checkpoint.State, signer),
            Forgery.NewerFormat => checkpoint with { FormatVersion = ScopeCheckpointFormat.Version + 1 },
            _ => null,
        };

        if (forged is null)
        {
            var bytes = await File.ReadAllBytesAsync(path);
            await File.WriteAllBytesAsync(path, bytes[..(bytes.Length / 2)]);
        }
        else if (forged.Scope != Model)
        {
            // The other scope's valid checkpoint, copied under this scope's name.
            File.Copy(Directory.GetFiles(folder, $"{forged.Scope}.*.checkpoint.json").Single(), path, overwrite: true);
        }
        else
        {
            await store.WriteCheckpointAsync(forged);
        }
    }

    /// <summary>The checkpoint's state with the champion's last move pointing at another version.</summary>
    private static string EditedState(string state)
    {
        var node = JsonNode.Parse(state)!;
        var champion = node["aliases"]!.AsArray().Single(a => (string?)a!["name"] == "champion")!;
        var history = champion["history"]!.AsArray();
        history[^1]!["version"] = ForgedChampion;
        var edited = node.ToJsonString();
        Assert.NotEqual(state, edited);
        return edited;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)(Patience.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (!await condition())
        {
            Assert.True(TimeProvider.System.GetTimestamp() < deadline, "the condition did not become true in time");
            await Task.Yield();
        }
    }

    /// <summary>An in-memory store whose checkpoint writes always fail, as a full disk would.</summary>
    private sealed class FailingCheckpointStore : IModelMetadataStore, IJournalScopeReader, IScopeCheckpointStore
    {
        private readonly InMemoryMetadataStore _inner = new();

        public ValueTask<long> GetLastSequenceAsync(CancellationToken cancellationToken = default) => _inner.GetLastSequenceAsync(cancellationToken);

        public IAsyncEnumerable<JournalEntry> ReadAsync(long afterSequence, CancellationToken cancellationToken = default) => _inner.ReadAsync(afterSequence, cancellationToken);

        public IAsyncEnumerable<JournalEntry> ReadScopeAsync(string scope, CancellationToken cancellationToken = default) => _inner.ReadScopeAsync(scope, cancellationToken);

        public IAsyncEnumerable<JournalEntry> ReadScopeFromAsync(string scope, long fromIndex, CancellationToken cancellationToken = default) =>
            _inner.ReadScopeFromAsync(scope, fromIndex, cancellationToken);

        public ValueTask<JournalAppendResult> AppendAsync(string scope, long expectedLength, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default) =>
            _inner.AppendAsync(scope, expectedLength, entries, cancellationToken);

        public ValueTask<ScopeCheckpoint?> ReadCheckpointAsync(string scope, CancellationToken cancellationToken = default) => default;

        public ValueTask WriteCheckpointAsync(ScopeCheckpoint checkpoint, CancellationToken cancellationToken = default) =>
            throw new IOException("No space left on device.");
    }
}
