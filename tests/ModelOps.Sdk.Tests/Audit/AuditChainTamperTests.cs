using System.Text.Json.Nodes;
using ModelOps.Sdk.Audit;
using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Tests.Registry;

namespace ModelOps.Sdk.Tests.Audit;

/// <summary>
/// Edits, removals, insertions, reorderings, truncation and whole-chain recomputation of a stored audit chain are each detected, and
/// located at the tampered position with the right kind.
/// </summary>
public sealed class AuditChainTamperTests
{
    private const string Scope = "credit";
    private const int ChainLength = 6;

    private static readonly string SigningKey = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(255 - i)).ToArray());

    public static TheoryData<int> EveryPosition { get; } = [.. Enumerable.Range(0, ChainLength)];

    public static TheoryData<int> EveryPositionButTheLast { get; } = [.. Enumerable.Range(0, ChainLength - 1)];

    [Fact]
    public async Task VerifyAuditLogAsync_UntamperedChain_IsValid()
    {
        await using var chain = await TamperedChain.CreateAsync();

        var result = await chain.Host.Registry.VerifyAuditLogAsync(Scope);

        Assert.True(result.IsValid, Describe(result));
        Assert.Equal(ChainLength, result.EntryCount);
    }

    [Theory]
    [MemberData(nameof(EveryPosition))]
    public async Task VerifyAuditLogAsync_EntryPayloadEdited_ReportsContentAlteredAtThatPosition(int position)
    {
        await using var chain = await TamperedChain.CreateAsync();
        chain.Store.RewriteScope = entries => [.. entries.Select((e, p) => p == position ? e with { Payload = Forge(e.Payload) } : e)];

        var result = await chain.Host.Registry.VerifyAuditLogAsync(Scope);

        AssertFirstViolation(result, position, AuditViolationKind.ContentAltered);
        Assert.Single(result.Violations);
    }

    [Theory]
    [MemberData(nameof(EveryPositionButTheLast))]
    public async Task VerifyAuditLogAsync_EntryRemoved_ReportsEntryMissingAtThatPosition(int position)
    {
        await using var chain = await TamperedChain.CreateAsync();
        chain.Store.RewriteScope = entries => [.. entries.Where((_, p) => p != position)];

        var result = await chain.Host.Registry.VerifyAuditLogAsync(Scope);

        AssertFirstViolation(result, position, AuditViolationKind.EntryMissing);
        Assert.Equal(ChainLength - 1, result.EntryCount);
    }

    [Fact]
    public async Task VerifyAuditLogAsync_LastEntryRemoved_IsDetectedOnlyAgainstAnAnchorAsTruncated()
    {
        await using var chain = await TamperedChain.CreateAsync();
        var anchor = await chain.Host.Registry.ExportAuditAnchorAsync(Scope);
        chain.Store.RewriteScope = entries => [.. entries.Take(entries.Count - 1)];

        var withoutAnchor = await chain.Host.Registry.VerifyAuditLogAsync(Scope);
        var withAnchor = await chain.Host.Registry.VerifyAuditLogAsync(Scope, anchor);

        Assert.True(withoutAnchor.IsValid, "A chain cut at its end is indistinguishable from a shorter chain without an anchor.");
        AssertFirstViolation(withAnchor, ChainLength - 1, AuditViolationKind.Truncated);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(ChainLength - 1)]
    public async Task VerifyAuditLogAsync_ChainTruncatedAfterAnchor_ReportsTruncated(int kept)
    {
        await using var chain = await TamperedChain.CreateAsync();
        var anchor = await chain.Host.Registry.ExportAuditAnchorAsync(Scope);
        chain.Store.RewriteScope = entries => [.. entries.Take(kept)];

        var result = await chain.Host.Registry.VerifyAuditLogAsync(Scope, anchor);

        var violation = Assert.Single(result.Violations);
        Assert.Equal((kept, AuditViolationKind.Truncated), (violation.Position, violation.Kind));
        Assert.Contains($"index {ChainLength - 1}", violation.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EveryPosition))]
    public async Task VerifyAuditLogAsync_ForgedEntryInsertedWithValidHashAndLink_ReportsEntryInsertedAtThatPosition(int position)
    {
        await using var chain = await TamperedChain.CreateAsync();
        chain.Store.RewriteScope = entries =>
        {
            var genuine = entries[position];
            var forged = Rehash(genuine with
            {
                Payload = Forge(genuine.Payload),
                PreviousHash = position == 0 ? new string('0', 64) : entries[position - 1].Hash,
                Signature = null,
                KeyId = null,
            });
            var tampered = entries.ToList();
            tampered.Insert(position, forged);
            return tampered;
        };

        var result = await chain.Host.Registry.VerifyAuditLogAsync(Scope);

        AssertFirstViolation(result, position, AuditViolationKind.EntryInserted);
        Assert.Equal(ChainLength + 1, result.EntryCount);
    }

    [Theory]
    [MemberData(nameof(EveryPositionButTheLast))]
    public async Task VerifyAuditLogAsync_AdjacentEntriesSwapped_ReportsOutOfOrderAtTheFirstOfThem(int position)
    {
        await using var chain = await TamperedChain.CreateAsync();
        chain.Store.RewriteScope = entries =>
        {
            var tampered = entries.ToList();
            (tampered[position], tampered[position + 1]) = (tampered[position + 1], tampered[position]);
            return tampered;
        };

        var result = await chain.Host.Registry.VerifyAuditLogAsync(Scope);

        AssertFirstViolation(result, position, AuditViolationKind.OutOfOrder);
        Assert.DoesNotContain(result.Violations, v => v.Kind is AuditViolationKind.EntryInserted or AuditViolationKind.EntryMissing);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(0, false)]
    [InlineData(3, true)]
    [InlineData(3, false)]
    [InlineData(ChainLength - 1, true)]
    [InlineData(ChainLength - 1, false)]
    public async Task VerifyAuditLogAsync_WhollyRecomputedChainWithSigningKey_ReportsBadSignatureAtTheForgedEntry(int position, bool keepSignatures)
    {
        await using var chain = await TamperedChain.CreateAsync(o => o.AuditSigningKey = SigningKey);
        Assert.True((await chain.Host.Registry.VerifyAuditLogAsync(Scope)).IsValid);
        chain.Store.RewriteScope = entries => Recompute(entries, position, keepSignatures);

        var result = await chain.Host.Registry.VerifyAuditLogAsync(Scope);

        AssertFirstViolation(result, position, keepSignatures ? AuditViolationKind.SignatureInvalid : AuditViolationKind.SignatureMissing);
        Assert.DoesNotContain(result.Violations, v => v.Kind is AuditViolationKind.ContentAltered or AuditViolationKind.BrokenLink);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(ChainLength - 1)]
    public async Task VerifyAuditLogAsync_WhollyRecomputedChainWithoutSigningKey_IsDetectedOnlyAgainstAnAnchor(int position)
    {
        await using var chain = await TamperedChain.CreateAsync();
        var anchor = await chain.Host.Registry.ExportAuditAnchorAsync(Scope);
        chain.Store.RewriteScope = entries => Recompute(entries, position, keepSignatures: false);

        var withoutAnchor = await chain.Host.Registry.VerifyAuditLogAsync(Scope);
        var withAnchor = await chain.Host.Registry.VerifyAuditLogAsync(Scope, anchor);

        Assert.True(withoutAnchor.IsValid, "Without a key or an anchor a consistently recomputed chain cannot be told from the real one.");
        var violation = Assert.Single(withAnchor.Violations);
        Assert.Equal((ChainLength - 1L, AuditViolationKind.AnchorMismatch), (violation.Position, violation.Kind));
    }

    [Fact]
    public async Task VerifyAuditLogAsync_AnchorOfAnotherScope_ThrowsArgumentException()
    {
        await using var chain = await TamperedChain.CreateAsync();
        var anchor = await chain.Host.Registry.ExportAuditAnchorAsync(AuditScopes.Registry);

        await Assert.ThrowsAsync<ArgumentException>(() => chain.Host.Registry.VerifyAuditLogAsync(Scope, anchor));
    }

    private static void AssertFirstViolation(AuditVerificationResult result, long position, AuditViolationKind kind)
    {
        Assert.False(result.IsValid, "The tampering was not detected.");
        var first = result.Violations[0];
        Assert.True(
            first.Position == position && first.Kind == kind,
            $"Expected the first violation to be {kind} at position {position}; got: {Describe(result)}");
        Assert.False(string.IsNullOrWhiteSpace(first.Message));
    }

    private static string Describe(AuditVerificationResult result) =>
        string.Join("; ", result.Violations.Select(v => $"{v.Kind}@{v.Position} (index {v.Index}): {v.Message}"));

    private static string Forge(string payload)
    {
        var node = JsonNode.Parse(payload)!.AsObject();
        node["actor"] = "mallory@example.org";
        node["reason"] = "forged";
        var forged = node.ToJsonString();
        Assert.NotEqual(payload, forged);
        return forged;
    }

    private static JournalEntry Rehash(JournalEntry entry) =>
        entry with { Hash = AuditChain.ComputeHash(entry.Scope, entry.Index, entry.Timestamp, entry.Kind, entry.Payload, entry.PreviousHash) };

    /// <summary>Forges the payload at <paramref name="position"/> and recomputes every hash from there on, relinking the chain.</summary>
    private static List<JournalEntry> Recompute(IReadOnlyList<JournalEntry> entries, int position, bool keepSignatures)
    {
        var result = entries.Take(position).ToList();
        var previous = position == 0 ? new string('0', 64) : entries[position - 1].Hash;
        for (var p = position; p < entries.Count; p++)
        {
            var e = entries[p];
            var recomputed = Rehash(e with
            {
                Payload = p == position ? Forge(e.Payload) : e.Payload,
                PreviousHash = previous,
                Signature = keepSignatures ? e.Signature : null,
                KeyId = keepSignatures ? e.KeyId : null,
            });
            Assert.NotEqual(e.Hash, recomputed.Hash);
            result.Add(recomputed);
            previous = recomputed.Hash;
        }

        return result;
    }

    /// <summary>A registry over a tamperable store holding a <see cref="ChainLength"/>-entry chain of every common kind of change.</summary>
    private sealed class TamperedChain : IAsyncDisposable
    {
        private TamperedChain(TamperableMetadataStore store, RegistryHost host)
        {
            Store = store;
            Host = host;
        }

        public TamperableMetadataStore Store { get; }

        public RegistryHost Host { get; }

        public static async Task<TamperedChain> CreateAsync(Action<ModelOpsOptions>? configure = null)
        {
            var store = new TamperableMetadataStore();
            var host = RegistryHost.Create(store, configure: configure);
            await host.RegisterVersionsAsync(Scope, 2);
            await host.Registry.SetAliasAsync(Scope, "champion", 1, "launch");
            host.Time.Advance(TimeSpan.FromMinutes(5));
            await host.Registry.MoveAliasAsync(Scope, "champion", 2, 1, "promote");
            await host.Registry.UpdateTagsAsync(Scope, 2, new Dictionary<string, string?> { ["stage"] = "prod" });
            await host.Registry.UpdateDescriptionAsync(Scope, 1, "superseded");
            Assert.Equal(ChainLength, (await host.Registry.ReadAuditLogAsync(Scope)).Count);
            return new TamperedChain(store, host);
        }

        public ValueTask DisposeAsync() => Host.DisposeAsync();
    }
}
