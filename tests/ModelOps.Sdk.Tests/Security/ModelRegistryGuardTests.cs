using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using ModelOps.Sdk.Audit;
using ModelOps.Sdk.Security;
using ModelOps.Sdk.Tests.Registry;

namespace ModelOps.Sdk.Tests.Security;

/// <summary>Registry changes pass every registered <see cref="IRegistryOperationGuard"/>; refusals are audited and change nothing.</summary>
public sealed class ModelRegistryGuardTests
{
    [Fact]
    public async Task MoveAlias_GuardRefuses_AliasStaysAndTheRefusalIsAuditedWithActorRuleAndMessage()
    {
        // A protected alias may only point to a version tagged as validated.
        var guard = new DelegateGuard(op =>
        {
            if (op is { Kind: RegistryOperationKind.MoveAlias, Alias: "champion" })
            {
                var target = op.Registry.GetVersionAsync(op.ModelName!, op.Version!.Value).AsTask().GetAwaiter().GetResult();
                if (!target.Tags.ContainsKey("validated"))
                {
                    throw new OperationRefusedException(op.Kind, "protected-alias",
                        $"Alias 'champion' of model '{op.ModelName}' may not point to version {op.Version}: it is not validated.");
                }
            }
        });
        await using var host = RegistryHost.Create(build: b => b.AddOperationGuard(guard));
        await host.RegisterVersionsAsync("credit", 2);
        await host.Registry.UpdateTagsAsync("credit", 1, new Dictionary<string, string?> { ["validated"] = "yes" });
        await host.Registry.SetAliasAsync("credit", "champion", 1);
        var lengthBefore = (await host.Registry.ReadAuditLogAsync("credit")).Count;

        var refused = await Assert.ThrowsAsync<OperationRefusedException>(
            () => host.Registry.MoveAliasAsync("credit", "champion", 2, expectedCurrentVersion: 1, reason: "try v2"));

        Assert.Equal(RegistryOperationKind.MoveAlias, refused.Operation);
        Assert.Equal("protected-alias", refused.Rule);
        Assert.Contains("version 2", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await host.Registry.ResolveAliasAsync("credit", "champion")).Version);
        var log = await host.Registry.ReadAuditLogAsync("credit");
        Assert.Equal(lengthBefore + 1, log.Count);
        var entry = log[^1];
        Assert.Equal("operation.refused", entry.Operation);
        Assert.Equal(RegistryHost.ActorName, entry.Actor);
        Assert.Contains("approver", entry.ActorRoles);
        Assert.Equal(refused.Message, entry.Reason);
        Assert.Equal(2, entry.Version);
        Assert.Equal("champion", entry.Alias);
        var details = JsonSerializer.Deserialize<Dictionary<string, string>>(entry.After!)!;
        Assert.Equal("alias.move", details["operation"]);
        Assert.Equal("protected-alias", details["rule"]);
        Assert.Equal("try v2", details["requestReason"]);
        Assert.True((await host.Registry.VerifyAuditLogAsync("credit")).IsValid);

        // The same guard lets a validated version through.
        await host.Registry.UpdateTagsAsync("credit", 2, new Dictionary<string, string?> { ["validated"] = "yes" });
        Assert.Equal(2, (await host.Registry.MoveAliasAsync("credit", "champion", 2, expectedCurrentVersion: 1)).Version);
    }

    [Fact]
    public async Task Register_GuardRefusesAModelThatDoesNotExistYet_NoModelIsCreatedAndTheRegistryChainRecordsIt()
    {
        var guard = new DelegateGuard(op =>
        {
            if (op.Kind == RegistryOperationKind.Register && op.Registration!.Tags.GetValueOrDefault("owner") is null)
            {
                throw new OperationRefusedException(op.Kind, "owner-required", $"Model '{op.ModelName}' needs an 'owner' tag.");
            }
        });
        await using var host = RegistryHost.Create(build: b => b.AddOperationGuard(guard));

        var refused = await Assert.ThrowsAsync<OperationRefusedException>(() => host.Registry.RegisterAsync(RegistryHost.Registration("credit")));

        Assert.Equal("owner-required", refused.Rule);
        Assert.Empty(await host.Registry.ListModelsAsync());
        var entry = Assert.Single(await host.Registry.ReadAuditLogAsync(AuditScopes.Registry));
        Assert.Equal("operation.refused", entry.Operation);
        Assert.Equal("credit", JsonSerializer.Deserialize<Dictionary<string, string>>(entry.After!)!["model"]);

        var allowed = new ModelVersionRegistration
        {
            ModelName = "credit",
            Flavor = "onnx",
            Artifact = new MemoryStream([1, 2, 3]),
            Tags = new Dictionary<string, string> { ["owner"] = "risk-team" },
        };
        Assert.Equal(1, (await host.Registry.RegisterAsync(allowed)).Version);
    }

    [Fact]
    public async Task EveryWrite_AskTheGuardWithWhatItIsAbout_BeforeAnythingIsStored()
    {
        var seen = new ConcurrentQueue<RegistryOperation>();
        var refuseAll = false;
        var guard = new DelegateGuard(op =>
        {
            seen.Enqueue(op);
            if (Volatile.Read(ref refuseAll))
            {
                throw new OperationRefusedException(op.Kind, "frozen", $"The registry is frozen ({op.Kind}).");
            }
        });
        await using var host = RegistryHost.Create(build: b => b.AddOperationGuard(guard));
        var registry = host.Registry;
        await host.RegisterVersionsAsync("credit", 2);
        await registry.SetAliasAsync("credit", "champion", 1);
        await registry.TransitionAsync("credit", 2, ModelVersionStatus.Approved, "looks good");
        await registry.SetAliasAsync("credit", "champion", 2);

        var approve = seen.Single(o => o.Kind == RegistryOperationKind.Transition);
        Assert.Equal(2, approve.Version);
        Assert.Equal(ModelVersionStatus.PendingApproval, approve.CurrentStatus);
        Assert.Equal(ModelVersionStatus.Approved, approve.RequestedStatus);
        Assert.Equal("looks good", approve.Reason);
        Assert.Equal(RegistryHost.ActorName, approve.ActorName);
        Assert.True(approve.Actor!.IsInRole("approver"));
        var secondMove = seen.Where(o => o.Kind == RegistryOperationKind.MoveAlias).Last();
        Assert.Equal((2, "champion", 1), (secondMove.Version!.Value, secondMove.Alias!, secondMove.CurrentAliasVersion!.Value));

        Volatile.Write(ref refuseAll, true);
        var before = await registry.ReadAuditLogAsync("credit");
        var writes = new (RegistryOperationKind Kind, Func<Task> Write)[]
        {
            (RegistryOperationKind.Register, () => registry.RegisterAsync(RegistryHost.Registration("credit"))),
            (RegistryOperationKind.UpdateTags, () => registry.UpdateTagsAsync("credit", 1, new Dictionary<string, string?> { ["a"] = "b" })),
            (RegistryOperationKind.UpdateDescription, () => registry.UpdateDescriptionAsync("credit", 1, "new")),
            (RegistryOperationKind.Transition, () => registry.TransitionAsync("credit", 1, ModelVersionStatus.Approved)),
            (RegistryOperationKind.MoveAlias, () => registry.SetAliasAsync("credit", "challenger", 1)),
            (RegistryOperationKind.DeleteAlias, () => registry.DeleteAliasAsync("credit", "champion")),
            (RegistryOperationKind.RollbackAlias, () => registry.RollbackAliasAsync("credit", "champion", "incident 42")),
            (RegistryOperationKind.AttachDocument, () => registry.AttachDocumentAsync(new DocumentAttachment
            {
                ModelName = "credit",
                Version = 1,
                Kind = "model-card",
                Name = "card.md",
                MediaType = "text/markdown",
                Content = Encoding.UTF8.GetBytes("# card"),
            })),
        };
        foreach (var (kind, write) in writes)
        {
            var refused = await Assert.ThrowsAsync<OperationRefusedException>(write);
            Assert.Equal(kind, refused.Operation);
        }

        // Nothing but the refusals was written, one per refused write, and the state is unchanged.
        var after = await registry.ReadAuditLogAsync("credit");
        Assert.Equal(before.Count + writes.Length, after.Count);
        Assert.All(after.Skip(before.Count), e => Assert.Equal("operation.refused", e.Operation));
        Assert.Equal(2, (await registry.ListVersionsAsync("credit")).Items.Count);
        Assert.Equal(2, (await registry.ResolveAliasAsync("credit", "champion")).Version);
        Assert.Empty(await registry.ListDocumentsAsync("credit"));
        Assert.True((await registry.VerifyAuditLogAsync("credit")).IsValid);
    }

    [Fact]
    public async Task Guards_RunInTheOrderAdded_AndTheFirstRefusalStopsTheRest()
    {
        var calls = new ConcurrentQueue<string>();
        await using var host = RegistryHost.Create(build: b => b
            .AddOperationGuard(new DelegateGuard(_ => calls.Enqueue("first")))
            .AddOperationGuard(new DelegateGuard(op =>
            {
                calls.Enqueue("second");
                throw new OperationRefusedException(op.Kind, "second", "refused by the second guard");
            }))
            .AddOperationGuard(new DelegateGuard(_ => calls.Enqueue("third"))));

        await Assert.ThrowsAsync<OperationRefusedException>(() => host.Registry.RegisterAsync(RegistryHost.Registration("credit")));

        Assert.Equal(["first", "second"], calls);
    }

    [Fact]
    public async Task Guard_FailsWithAnotherException_ItPassesThroughUnchangedAndIsNotAudited()
    {
        await using var host = RegistryHost.Create(build: b => b.AddOperationGuard(new DelegateGuard(op =>
        {
            if (op.Kind == RegistryOperationKind.MoveAlias)
            {
                throw new InvalidOperationException("policy store unreachable");
            }
        })));
        await host.RegisterVersionsAsync("credit", 1);
        var before = (await host.Registry.ReadAuditLogAsync("credit")).Count;

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => host.Registry.SetAliasAsync("credit", "champion", 1));

        Assert.Equal("policy store unreachable", ex.Message);
        Assert.Equal(before, (await host.Registry.ReadAuditLogAsync("credit")).Count);
        Assert.Empty(await host.Registry.ListAliasesAsync("credit"));
    }

    private sealed class DelegateGuard(Action<RegistryOperation> check) : IRegistryOperationGuard
    {
        public ValueTask CheckAsync(RegistryOperation operation, CancellationToken cancellationToken)
        {
            check(operation);
            return ValueTask.CompletedTask;
        }
    }
}
