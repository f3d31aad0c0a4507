using System.Text.Json;
using ModelOps.Sdk.Audit;

namespace ModelOps.Sdk.Testing;

public abstract partial class StorageProviderContractTests
{
    private static readonly string SigningKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray());

    /// <summary>Documents are append-only: attaching the same name again adds a revision, and every revision reads back verified.</summary>
    /// <returns>A task representing the test.</returns>
    [Fact]
    public async Task AttachDocumentAsync_SameNameTwice_AddsRevisionsThatReadBackVerified()
    {
        await using var h = await StartAsync();
        await RegisterVersionsAsync(h, "credit", 1);
        byte[] first = [.. "{\"owner\":\"risk\"}"u8];
        var second = RandomBytes(50_000, 17);

        var r1 = await h.Registry.AttachDocumentAsync(new DocumentAttachment { ModelName = "credit", Version = 1, Kind = "model-card", Name = "main", Content = first, Reason = "initial card" });
        h.Time.Advance(TimeSpan.FromMinutes(3));
        var r2 = await h.Registry.AttachDocumentAsync(new DocumentAttachment { ModelName = "credit", Version = 1, Kind = "model-card", Name = "main", MediaType = "application/octet-stream", Content = second });
        var modelLevel = await h.Registry.AttachDocumentAsync(new DocumentAttachment { ModelName = "credit", Kind = "policy", Name = "retention", Content = "{}"u8.ToArray() });
        var registryLevel = await h.Registry.AttachDocumentAsync(new DocumentAttachment { Kind = "policy", Name = "global", Content = "[]"u8.ToArray() });

        Assert.Equal((1, 2), (r1.Revision, r2.Revision));
        Assert.Equal((ClockStart, ClockStart.AddMinutes(3)), (r1.AttachedAt, r2.AttachedAt));
        Assert.Equal(ContractTestActor.Name, r2.AttachedBy);
        Assert.Equal((Sha256Hex(second), (long)second.Length, "application/octet-stream"), (r2.Sha256, r2.Length, r2.MediaType));
        Assert.Equal([r1, r2], await h.Registry.ListDocumentsAsync("credit", 1));
        Assert.Equal([r1, r2], await h.Registry.ListDocumentsAsync("credit", 1, "model-card"));
        Assert.Empty(await h.Registry.ListDocumentsAsync("credit", 1, "other-kind"));
        Assert.Equal([modelLevel], await h.Registry.ListDocumentsAsync("credit"));
        Assert.Equal([registryLevel], await h.Registry.ListDocumentsAsync(null));
        Assert.Equal(first, (await h.Registry.ReadDocumentAsync(r1)).ToArray());
        Assert.Equal(second, (await h.Registry.ReadDocumentAsync(r2)).ToArray());
        Assert.Equal("[]"u8.ToArray(), (await h.Registry.ReadDocumentAsync(registryLevel)).ToArray());

        h.Time.Advance(TimeSpan.FromSeconds(5));
        var other = await h.AddSecondRegistryAsync();
        Assert.Equal([r1, r2], await other.ListDocumentsAsync("credit", 1));
        Assert.Equal(second, (await other.ReadDocumentAsync(r2)).ToArray());
        Assert.True((await other.VerifyAuditLogAsync(AuditScopes.Registry)).IsValid);
    }

    /// <summary>Every kind of change is in the model's audit log with the actor's name and roles, the reason, and the values before and after.</summary>
    /// <returns>A task representing the test.</returns>
    [Fact]
    public async Task ReadAuditLogAsync_EveryKindOfChange_RecordsActorRolesReasonBeforeAndAfter()
    {
        await using var h = await StartAsync();
        await h.Registry.RegisterAsync(new ModelVersionRegistration { ModelName = "credit", Flavor = "onnx", Artifact = new MemoryStream([1]), Reason = "r-register" });
        await h.Registry.RegisterAsync(new ModelVersionRegistration { ModelName = "credit", Flavor = "onnx", Artifact = new MemoryStream([2]) });
        await h.Registry.UpdateTagsAsync("credit", 1, new Dictionary<string, string?> { ["stage"] = "prod" }, "r-tags");
        await h.Registry.UpdateDescriptionAsync("credit", 1, "described", "r-description");
        await h.Registry.TransitionAsync("credit", 1, ModelVersionStatus.Approved, "r-approve");
        await h.Registry.SetAliasAsync("credit", "champion", 1, "r-set");
        await h.Registry.MoveAliasAsync("credit", "champion", 2, 1, "r-move");
        await h.Registry.RollbackAliasAsync("credit", "champion", "r-rollback");
        await h.Registry.DeleteAliasAsync("credit", "champion", "r-delete");
        await h.Registry.AttachDocumentAsync(new DocumentAttachment { ModelName = "credit", Version = 1, Kind = "card", Name = "main", Content = "{}"u8.ToArray(), Reason = "r-document" });

        var log = await h.Registry.ReadAuditLogAsync("credit");

        Assert.Equal(
            ["version.registered", "version.registered", "version.tags-updated", "version.description-updated", "version.status-changed",
             "alias.moved", "alias.moved", "alias.rolled-back", "alias.deleted", "document.attached"],
            log.Select(e => e.Operation));
        Assert.Equal(Enumerable.Range(0, log.Count).Select(i => (long)i), log.Select(e => e.Index));
        Assert.All(log, e =>
        {
            Assert.Equal("credit", e.Scope);
            Assert.Equal(ContractTestActor.Name, e.Actor);
            Assert.Equal(ContractTestActor.Roles, e.ActorRoles);
            Assert.Equal(64, e.Hash.Length);
        });
        Assert.Equal(["r-register", null, "r-tags", "r-description", "r-approve", "r-set", "r-move", "r-rollback", "r-delete", "r-document"], log.Select(e => e.Reason));
        Assert.Equal([1, 2, 1, 1, 1, 1, 2, 1, 1, 1], log.Select(e => e.Version ?? -1));
        Assert.Equal([null, null, null, null, null, "champion", "champion", "champion", "champion", null], log.Select(e => e.Alias));

        Assert.Null(log[0].Before);
        Assert.Equal(1, JsonDocument.Parse(log[0].After!).RootElement.GetProperty("version").GetInt32());
        Assert.Equal("{}", log[2].Before);
        Assert.Equal("prod", JsonDocument.Parse(log[2].After!).RootElement.GetProperty("stage").GetString());
        Assert.Null(log[3].Before);
        Assert.Equal("described", JsonDocument.Parse(log[3].After!).RootElement.GetString());
        Assert.Equal(nameof(ModelVersionStatus.PendingApproval), JsonDocument.Parse(log[4].Before!).RootElement.GetString());
        Assert.Equal(nameof(ModelVersionStatus.Approved), JsonDocument.Parse(log[4].After!).RootElement.GetString());
        Assert.Equal((null, "1"), (log[5].Before, log[5].After));
        Assert.Equal(("1", "2"), (log[6].Before, log[6].After));
        Assert.Equal(("2", "1"), (log[7].Before, log[7].After));
        Assert.Equal(("1", null), (log[8].Before, log[8].After));
        Assert.Equal(2, JsonDocument.Parse(log[9].After!).RootElement.GetProperty("length").GetInt64());
        Assert.True((await h.Registry.VerifyAuditLogAsync("credit")).IsValid);
    }

    /// <summary>The audit chains of models and of the registry verify as intact through the provider, unsigned and signed, also when read by another instance.</summary>
    /// <param name="withSigningKey">Whether an audit signing key is configured.</param>
    /// <returns>A task representing the test.</returns>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task VerifyAuditLogAsync_AfterEveryKindOfChange_IsIntact(bool withSigningKey)
    {
        await using var h = await StartAsync(withSigningKey ? o => o.AuditSigningKey = SigningKey : null);
        await RegisterVersionsAsync(h, "credit", 3);
        await RegisterVersionsAsync(h, "fraud", 1);
        await h.Registry.SetAliasAsync("credit", "champion", 1);
        await h.Registry.SetAliasAsync("credit", "champion", 2);
        await h.Registry.RollbackAliasAsync("credit", "champion", "incident");
        await h.Registry.TransitionAsync("credit", 3, ModelVersionStatus.Archived);
        await h.Registry.UpdateDescriptionAsync("credit", 2, "ünïcødé ✓ \"quoted\"\n");
        await h.Registry.AttachDocumentAsync(new DocumentAttachment { Kind = "policy", Name = "global", Content = "{}"u8.ToArray() });

        h.Time.Advance(TimeSpan.FromSeconds(5));
        var other = await h.AddSecondRegistryAsync();
        foreach (var registry in new[] { h.Registry, other })
        {
            foreach (var scope in new[] { "credit", "fraud", AuditScopes.Registry })
            {
                var result = await registry.VerifyAuditLogAsync(scope);
                Assert.True(result.IsValid, $"Chain '{scope}': " + string.Join("; ", result.Violations.Select(v => v.Message)));
            }
        }

        var log = await other.ReadAuditLogAsync("credit");
        Assert.Equal(8, log.Count);
        Assert.All(log, e => Assert.Equal(withSigningKey, e.Signature is not null));
        Assert.Equal(log.Take(log.Count - 1).Select(e => e.Hash), log.Skip(1).Select(e => e.PreviousHash));
    }

    /// <summary>An exported anchor verifies against the chain it was taken from, also after more changes and from another instance.</summary>
    /// <returns>A task representing the test.</returns>
    [Fact]
    public async Task ExportAuditAnchorAsync_VerifiesAgainstTheGrowingChain()
    {
        await using var h = await StartAsync();
        var empty = await h.Registry.ExportAuditAnchorAsync("credit");
        await RegisterVersionsAsync(h, "credit", 2);
        var anchor = await h.Registry.ExportAuditAnchorAsync("credit");
        await h.Registry.SetAliasAsync("credit", "champion", 2);

        Assert.Equal(-1, empty.Index);
        Assert.Equal(("credit", 1L, ClockStart), (anchor.Scope, anchor.Index, anchor.ExportedAt));
        Assert.Equal((await h.Registry.ReadAuditLogAsync("credit"))[1].Hash, anchor.Hash);
        Assert.True((await h.Registry.VerifyAuditLogAsync("credit", anchor)).IsValid);
        Assert.True((await h.Registry.VerifyAuditLogAsync("credit", empty)).IsValid);
        var other = await h.AddSecondRegistryAsync();
        Assert.True((await other.VerifyAuditLogAsync("credit", anchor)).IsValid);
    }
}
