using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelOps.Sdk.Audit;
using ModelOps.Sdk.Scoring;
using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Storage.InMemory;
using ModelOps.Sdk.Tests.Scoring;
using ModelOps.Sdk.Tests.Storage.FileSystem;

namespace ModelOps.Sdk.Tests.Registry;

/// <summary>
/// Reads check the journal they fold: an entry edited, removed or re-hashed in a real filesystem store is refused with
/// <see cref="AuditChainBrokenException"/> by a new instance and by a running instance that catches up, for resolution, scoring and
/// writes alike; <see cref="ModelOpsOptions.ServeBrokenAuditChains"/> serves the stored state with a logged error instead.
/// </summary>
public sealed class ModelRegistryVerifiedReadsTests : IDisposable
{
    private const string Model = "credit";
    private const string Alias = "champion";
    private static readonly string SigningKey = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray());

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task ResolveAliasAsync_AliasEntryEditedOnDisk_NewInstanceRefusesTheModel()
    {
        await SeedAsync();
        EditAliasTarget(index: 3, to: 3);

        await using var instance = Open();
        var verification = await instance.Registry.VerifyAuditLogAsync(Model);
        var ex = await Assert.ThrowsAsync<AuditChainBrokenException>(async () => await instance.Registry.ResolveAliasAsync(Model, Alias));

        Assert.Contains(verification.Violations, v => v.Index == 3 && v.Kind == AuditViolationKind.ContentAltered);
        Assert.Equal(Model, ex.ModelName);
        Assert.Equal(3, ex.Index);
        Assert.Equal(AuditViolationKind.ContentAltered, ex.Kind);
        await Assert.ThrowsAsync<AuditChainBrokenException>(async () => await instance.Registry.GetVersionByAliasAsync(Model, Alias));
        await Assert.ThrowsAsync<AuditChainBrokenException>(async () => await instance.Registry.GetAliasHistoryAsync(Model, Alias));
        Assert.DoesNotContain(await instance.Registry.ListModelsAsync(), m => m.Name == Model);
    }

    [Fact]
    public async Task CreateScorerAsync_AliasEntryEditedOnDisk_NewInstanceRefusesToScore()
    {
        await SeedAsync();
        EditAliasTarget(index: 3, to: 3);

        await using var instance = Open();
        var factory = instance.Services.GetRequiredService<IModelScorerFactory>();

        var ex = await Assert.ThrowsAsync<AuditChainBrokenException>(async () => await factory.CreateScorerAsync<LinearInput, LinearOutput>(Model, Alias));
        Assert.Equal(3, ex.Index);
    }

    [Fact]
    public async Task SetAliasAsync_AliasEntryEditedOnDisk_RefusesToExtendTheBrokenChain()
    {
        await SeedAsync();
        EditAliasTarget(index: 3, to: 3);
        var before = await File.ReadAllBytesAsync(_directory.JournalFile);

        await using var instance = Open();

        await Assert.ThrowsAsync<AuditChainBrokenException>(() => instance.Registry.SetAliasAsync(Model, Alias, 2, reason: "on a broken chain"));
        Assert.Equal(before, await File.ReadAllBytesAsync(_directory.JournalFile));
    }

    [Fact]
    public async Task ResolveAliasAsync_EntryDeletedFromTheStore_NewInstanceRefusesTheModelAtTheGap()
    {
        // A database row deleted by someone with write access: the store still delivers the rest in sequence order.
        var store = new EntryDroppingStore();
        await using (var writer = RegistryHost.Create(store))
        {
            await writer.RegisterVersionsAsync(Model, 2);
            await writer.Registry.SetAliasAsync(Model, Alias, 1, reason: "first");
            await writer.Registry.SetAliasAsync(Model, Alias, 2, reason: "second");
        }

        store.Dropped = e => e.Scope == Model && e.Index == 2;
        await using var instance = RegistryHost.Create(store);
        var ex = await Assert.ThrowsAsync<AuditChainBrokenException>(async () => await instance.Registry.ResolveAliasAsync(Model, Alias));

        Assert.Equal(3, ex.Index);
        Assert.Equal(AuditViolationKind.EntryMissing, ex.Kind);
    }

    [Fact]
    public async Task ResolveAliasAsync_AliasEntryEditedBeforeARunningInstanceCatchesUp_RefusesAndTheScorerKeepsTheVerifiedVersion()
    {
        await SeedAsync();

        // Catches up only when asked (RefreshAsync), so the test decides which entries it has read.
        await using var running = Open(o => o.ChangePollInterval = TimeSpan.FromHours(1));
        var factory = running.Services.GetRequiredService<IModelScorerFactory>();
        await using var scorer = await factory.CreateScorerAsync<LinearInput, LinearOutput>(Model, Alias);
        Assert.Equal(1, scorer.Score(Input).Model.Version);

        // Another instance moves the alias to version 2; before the running instance reads that entry, it is edited to version 3.
        await using (var other = Open())
        {
            await other.Registry.SetAliasAsync(Model, Alias, 2, reason: "promote 2");
        }

        EditAliasTarget(index: 4, to: 3);
        await running.Registry.RefreshAsync();

        var ex = await Assert.ThrowsAsync<AuditChainBrokenException>(async () => await running.Registry.ResolveAliasAsync(Model, Alias));
        Assert.Equal(4, ex.Index);
        Assert.Equal(AuditViolationKind.ContentAltered, ex.Kind);
        await Assert.ThrowsAsync<AuditChainBrokenException>(() => scorer.ReloadAsync());
        Assert.Equal(1, scorer.Score(Input).Model.Version);
    }

    [Fact]
    public async Task ResolveAliasAsync_EntryEditedAndRehashedWithoutTheKey_RefusedForItsSignature()
    {
        await SeedAsync(SigningKey);

        // A forger who knows the hash function but not the key edits the last entry and recomputes its hash: the link holds.
        RewriteJournal(lines => [.. lines.Select(line => IsEntry(line, Model, 3) ? Rehash(WithAliasTarget(line, 3)) : line)]);

        await using var unsigned = Open();
        await using var signed = Open(o => o.AuditSigningKey = SigningKey);

        Assert.Equal(3, (await unsigned.Registry.ResolveAliasAsync(Model, Alias)).Version);
        var ex = await Assert.ThrowsAsync<AuditChainBrokenException>(async () => await signed.Registry.ResolveAliasAsync(Model, Alias));
        Assert.Equal(3, ex.Index);
        Assert.Equal(AuditViolationKind.SignatureInvalid, ex.Kind);
    }

    [Fact]
    public async Task ResolveAliasAsync_MiddleEntryEditedAndChainRecomputedWithoutTheKey_RefusedAtTheEditedEntry()
    {
        await SeedAsync(SigningKey);
        await using (var signer = Open(o => o.AuditSigningKey = SigningKey))
        {
            await signer.Registry.SetAliasAsync(Model, Alias, 2, reason: "second");
            await signer.Registry.SetAliasAsync(Model, Alias, 1, reason: "back");
        }

        // The forger edits entry 3 and recomputes the hash and link of every later entry: every link and hash holds, and the newest
        // entry keeps a signature it cannot recompute. Reads verify that signature, then find the first entry whose own one fails.
        RewriteJournal(lines => RelinkFrom(lines.Select(line => IsEntry(line, Model, 3) ? WithAliasTarget(line, 3) : line).ToArray(), 3));

        await using var signed = Open(o => o.AuditSigningKey = SigningKey);
        var ex = await Assert.ThrowsAsync<AuditChainBrokenException>(async () => await signed.Registry.ResolveAliasAsync(Model, Alias));

        Assert.Equal(3, ex.Index);
        Assert.Equal(AuditViolationKind.SignatureInvalid, ex.Kind);
    }

    [Fact]
    public async Task ResolveAliasAsync_OlderSignatureReplacedContentIntact_ServedAndReportedByVerify()
    {
        await SeedAsync(SigningKey);
        await using (var signer = Open(o => o.AuditSigningKey = SigningKey))
        {
            await signer.Registry.SetAliasAsync(Model, Alias, 2, reason: "second");
        }

        // The signature is not part of the hash: a garbled signature on entry 3 changes no content, and the valid signature of
        // entry 4 vouches for entry 3's content through its link. Reads serve; verification reports the bad signature.
        RewriteJournal(lines => [.. lines.Select(line => IsEntry(line, Model, 3) ? WithSignature(line, Convert.ToBase64String(new byte[32])) : line)]);

        await using var signed = Open(o => o.AuditSigningKey = SigningKey);
        var alias = await signed.Registry.ResolveAliasAsync(Model, Alias);
        var verification = await signed.Registry.VerifyAuditLogAsync(Model);

        Assert.Equal(2, alias.Version);
        Assert.Contains(verification.Violations, v => v.Index == 3 && v.Kind == AuditViolationKind.SignatureInvalid);
    }

    [Fact]
    public async Task ResolveAliasAsync_ServeBrokenAuditChains_ServesTheStoredStateAndLogsAnError()
    {
        await SeedAsync();
        EditAliasTarget(index: 3, to: 3);
        var logs = new CapturingLoggerFactory();

        await using var instance = Open(o => o.ServeBrokenAuditChains = true, logs);
        var alias = await instance.Registry.ResolveAliasAsync(Model, Alias);

        Assert.Equal(3, alias.Version);
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("'credit'", StringComparison.Ordinal)
            && e.Message.Contains("entry 3", StringComparison.Ordinal) && e.Message.Contains("ContentAltered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ResolveAliasAsync_UntouchedChain_ServedByANewInstance()
    {
        await SeedAsync(SigningKey);

        await using var instance = Open(o => o.AuditSigningKey = SigningKey);

        Assert.Equal(1, (await instance.Registry.ResolveAliasAsync(Model, Alias)).Version);
    }

    private static LinearInput Input => new() { Features = [1] };

    private Instance Open(Action<ModelOpsOptions>? configure = null, ILoggerFactory? logs = null)
    {
        var services = new ServiceCollection();
        if (logs is not null)
        {
            services.AddSingleton(logs);
        }

        services.AddModelOps(configure).UseFileSystem(_directory.Path).AddFlavor<LinearFlavor>();
        return new Instance(services.BuildServiceProvider());
    }

    /// <summary>Entries 0 to 2 register versions 1 to 3 (weights 1, 2, 3); entry 3 points the champion at version 1.</summary>
    private async Task SeedAsync(string? signingKey = null)
    {
        await using var seed = Open(o => o.AuditSigningKey = signingKey);
        for (var weight = 1; weight <= 3; weight++)
        {
            await seed.Registry.RegisterAsync(new ModelVersionRegistration
            {
                ModelName = Model,
                Flavor = "linear",
                Artifact = new MemoryStream(Encoding.UTF8.GetBytes($"{{\"weights\":[{weight}],\"bias\":0}}")),
            });
        }

        await seed.Registry.SetAliasAsync(Model, Alias, 1, reason: "first");
    }

    private void EditAliasTarget(long index, int to) =>
        RewriteJournal(lines => [.. lines.Select(line => IsEntry(line, Model, index) ? WithAliasTarget(line, to) : line)]);

    private void RewriteJournal(Func<string[], string[]> rewrite)
    {
        var lines = File.ReadAllText(_directory.JournalFile).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        File.WriteAllText(_directory.JournalFile, string.Join("", rewrite(lines).Select(l => l + "\n")));
    }

    private static bool IsEntry(string line, string scope, long index)
    {
        var node = JsonNode.Parse(line)!;
        return (string?)node["scope"] == scope && (long?)node["index"] == index;
    }

    private static string WithAliasTarget(string line, int to)
    {
        var node = JsonNode.Parse(line)!;
        var payload = JsonNode.Parse((string)node["payload"]!)!;
        Assert.NotNull(payload["alias"]);
        payload["after"] = to;
        payload["version"] = to;
        node["payload"] = payload.ToJsonString();
        return node.ToJsonString();
    }

    /// <summary>Recomputes the hash of the model's entries from <paramref name="index"/> on, each linked to the one before it.</summary>
    private static string[] RelinkFrom(string[] lines, long index)
    {
        string? previous = null;
        var result = new string[lines.Length];
        for (var i = 0; i < lines.Length; i++)
        {
            var node = JsonNode.Parse(lines[i])!;
            var isModel = (string?)node["scope"] == Model;
            if (isModel && (long)node["index"]! >= index)
            {
                node["previousHash"] = previous ?? (string)node["previousHash"]!;
                result[i] = Rehash(node.ToJsonString());
            }
            else
            {
                result[i] = lines[i];
            }

            if (isModel)
            {
                previous = (string)JsonNode.Parse(result[i])!["hash"]!;
            }
        }

        return result;
    }

    private static string WithSignature(string line, string signature)
    {
        var node = JsonNode.Parse(line)!;
        Assert.NotNull(node["signature"]);
        node["signature"] = signature;
        return node.ToJsonString();
    }

    private static string Rehash(string line)
    {
        var node = JsonNode.Parse(line)!;
        node["hash"] = AuditChain.ComputeHash(
            (string)node["scope"]!,
            (long)node["index"]!,
            DateTimeOffset.Parse((string)node["timestamp"]!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            (string)node["kind"]!,
            (string)node["payload"]!,
            (string)node["previousHash"]!);
        return node.ToJsonString();
    }

    private sealed class EntryDroppingStore : IModelMetadataStore
    {
        private readonly InMemoryMetadataStore _inner = new();

        public Func<JournalEntry, bool> Dropped { get; set; } = _ => false;

        public ValueTask<long> GetLastSequenceAsync(CancellationToken cancellationToken = default) => _inner.GetLastSequenceAsync(cancellationToken);

        public IAsyncEnumerable<JournalEntry> ReadAsync(long afterSequence, CancellationToken cancellationToken = default) =>
            _inner.ReadAsync(afterSequence, cancellationToken).Where(e => !Dropped(e));

        public IAsyncEnumerable<JournalEntry> ReadScopeAsync(string scope, CancellationToken cancellationToken = default) =>
            _inner.ReadScopeAsync(scope, cancellationToken).Where(e => !Dropped(e));

        public ValueTask<JournalAppendResult> AppendAsync(string scope, long expectedLength, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default) =>
            _inner.AppendAsync(scope, expectedLength, entries, cancellationToken);
    }

    private sealed class Instance(ServiceProvider services) : IAsyncDisposable
    {
        public ServiceProvider Services { get; } = services;

        public IModelRegistry Registry { get; } = services.GetRequiredService<IModelRegistry>();

        public ValueTask DisposeAsync() => Services.DisposeAsync();
    }
}
