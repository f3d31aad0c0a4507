using System.Text.Json;
using ModelOps.Sdk.Audit;

namespace ModelOps.Sdk.Testing;

public sealed partial class StorageProviderContract
{
    private static readonly string SigningKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray());

    /// <summary>Documents are append-only: attaching the same name again adds a revision, and every revision reads back verified.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task AttachDocumentAsync_SameNameTwice_AddsRevisionsThatReadBackVerified() => CheckAsync(
        "Documents are append-only: attaching the same name again adds a revision, and every revision reads back verified.",
        async () =>
        {
            await using var h = await StartAsync();
            await RegisterVersionsAsync(h, "credit", 1);
            byte[] first = [.. "{\"owner\":\"risk\"}"u8];
            var second = RandomBytes(50_000, 17);

            var r1 = await h.Registry.AttachDocumentAsync(new DocumentAttachment { ModelName = "credit", Version = 1, Kind = DocumentKinds.ModelCard, Name = "main", Content = first, Reason = "initial card" });
            h.Time.Advance(TimeSpan.FromMinutes(3));
            var r2 = await h.Registry.AttachDocumentAsync(new DocumentAttachment { ModelName = "credit", Version = 1, Kind = DocumentKinds.ModelCard, Name = "main", MediaType = "application/octet-stream", Content = second });
            var modelLevel = await h.Registry.AttachDocumentAsync(new DocumentAttachment { ModelName = "credit", Kind = "policy", Name = "retention", Content = "{}"u8.ToArray() });
            var registryLevel = await h.Registry.AttachDocumentAsync(new DocumentAttachment { Kind = "policy", Name = "global", Content = "[]"u8.ToArray() });

            Check.Equal((1, 2), (r1.Revision, r2.Revision));
            Check.Equal((ClockStart, ClockStart.AddMinutes(3)), (r1.AttachedAt, r2.AttachedAt));
            Check.Equal(ContractTestActor.Name, r2.AttachedBy);
            Check.Equal((Sha256Hex(second), (long)second.Length, "application/octet-stream"), (r2.Sha256, r2.Length, r2.MediaType));
            Check.Equal([r1, r2], await h.Registry.ListDocumentsAsync("credit", 1));
            Check.Equal([r1, r2], await h.Registry.ListDocumentsAsync("credit", 1, DocumentKinds.ModelCard));
            Check.Empty(await h.Registry.ListDocumentsAsync("credit", 1, "other-kind"));
            Check.Equal([modelLevel], await h.Registry.ListDocumentsAsync("credit"));
            Check.Equal([registryLevel], await h.Registry.ListDocumentsAsync(null));
            Check.Equal(first, (await h.Registry.ReadDocumentAsync(r1)).ToArray());
            Check.Equal(second, (await h.Registry.ReadDocumentAsync(r2)).ToArray());
            Check.Equal("[]"u8.ToArray(), (await h.Registry.ReadDocumentAsync(registryLevel)).ToArray());

            h.Time.Advance(TimeSpan.FromSeconds(5));
            var other = await h.AddSecondRegistryAsync();
            Check.Equal([r1, r2], await other.ListDocumentsAsync("credit", 1));
            Check.Equal(second, (await other.ReadDocumentAsync(r2)).ToArray());
            Check.True((await other.VerifyAuditLogAsync(AuditScopes.Registry)).IsValid);
        });

    /// <summary>Every kind of change is in the model's audit log with the actor's name and roles, the reason, and the values before and after.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task ReadAuditLogAsync_EveryKindOfChange_RecordsActorRolesReasonBeforeAndAfter() => CheckAsync(
        "Every kind of change is in the model's audit log with the actor's name and roles, the reason, and the values before and after.",
        async () =>
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

            Check.Equal(
                ["version.registered", "version.registered", "version.tags-updated", "version.description-updated", "version.status-changed",
                 "alias.moved", "alias.moved", "alias.rolled-back", "alias.deleted", "document.attached"],
                log.Select(e => e.Operation));
            Check.Equal(Enumerable.Range(0, log.Count).Select(i => (long)i), log.Select(e => e.Index));
            Check.All(log, e =>
            {
                Check.Equal("credit", e.Scope);
                Check.Equal(ContractTestActor.Name, e.Actor);
                Check.Equal(ContractTestActor.Roles, e.ActorRoles);
                Check.Equal(64, e.Hash.Length);
            });
            Check.Equal(["r-register", null, "r-tags", "r-description", "r-approve", "r-set", "r-move", "r-rollback", "r-delete", "r-document"], log.Select(e => e.Reason));
            Check.Equal([1, 2, 1, 1, 1, 1, 2, 1, 1, 1], log.Select(e => e.Version ?? -1));
            Check.Equal([null, null, null, null, null, "champion", "champion", "champion", "champion", null], log.Select(e => e.Alias));

            Check.Null(log[0].Before);
            Check.Equal(1, JsonDocument.Parse(log[0].After!).RootElement.GetProperty("version").GetInt32());
            Check.Equal("{}", log[2].Before);
            Check.Equal("prod", JsonDocument.Parse(log[2].After!).RootElement.GetProperty("stage").GetString());
            Check.Null(log[3].Before);
            Check.Equal("described", JsonDocument.Parse(log[3].After!).RootElement.GetString());
            Check.Equal(nameof(ModelVersionStatus.PendingApproval), JsonDocument.Parse(log[4].Before!).RootElement.GetString());
            Check.Equal(nameof(ModelVersionStatus.Approved), JsonDocument.Parse(log[4].After!).RootElement.GetString());
            Check.Equal((null, "1"), (log[5].Before, log[5].After));
            Check.Equal(("1", "2"), (log[6].Before, log[6].After));
            Check.Equal(("2", "1"), (log[7].Before, log[7].After));
            Check.Equal(("1", null), (log[8].Before, log[8].After));
            Check.Equal(2, JsonDocument.Parse(log[9].After!).RootElement.GetProperty("length").GetInt64());
            Check.True((await h.Registry.VerifyAuditLogAsync("credit")).IsValid);
        });

    /// <summary>The audit chains of models and of the registry verify as intact through the provider, unsigned and signed, also when read by another instance.</summary>
    /// <param name="withSigningKey">Whether an audit signing key is configured.</param>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task VerifyAuditLogAsync_AfterEveryKindOfChange_IsIntact(bool withSigningKey) => CheckAsync(
        "The audit chains of models and of the registry verify as intact through the provider, unsigned and signed, also when read by another instance.",
        async () =>
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
                    Check.True(result.IsValid, $"Chain '{scope}': " + string.Join("; ", result.Violations.Select(v => v.Message)));
                }
            }

            var log = await other.ReadAuditLogAsync("credit");
            Check.Equal(8, log.Count);
            Check.All(log, e => Check.Equal(withSigningKey, e.Signature is not null));
            Check.Equal(log.Take(log.Count - 1).Select(e => e.Hash), log.Skip(1).Select(e => e.PreviousHash));
        });

    /// <summary>An exported anchor verifies against the chain it was taken from, also after more changes and from another instance.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task ExportAuditAnchorAsync_VerifiesAgainstTheGrowingChain() => CheckAsync(
        "An exported anchor verifies against the chain it was taken from, also after more changes and from another instance.",
        async () =>
        {
            await using var h = await StartAsync();
            var empty = await h.Registry.ExportAuditAnchorAsync("credit");
            await RegisterVersionsAsync(h, "credit", 2);
            var anchor = await h.Registry.ExportAuditAnchorAsync("credit");
            await h.Registry.SetAliasAsync("credit", "champion", 2);

            Check.Equal(-1, empty.Index);
            Check.Equal(("credit", 1L, ClockStart), (anchor.Scope, anchor.Index, anchor.ExportedAt));
            Check.Equal((await h.Registry.ReadAuditLogAsync("credit"))[1].Hash, anchor.Hash);
            Check.True((await h.Registry.VerifyAuditLogAsync("credit", anchor)).IsValid);
            Check.True((await h.Registry.VerifyAuditLogAsync("credit", empty)).IsValid);
            var other = await h.AddSecondRegistryAsync();
            Check.True((await other.VerifyAuditLogAsync("credit", anchor)).IsValid);
        });
}
