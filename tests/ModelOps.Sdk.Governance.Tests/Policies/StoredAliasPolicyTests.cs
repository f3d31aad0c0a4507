using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Governance.Policies;
using ModelOps.Sdk.Security;

namespace ModelOps.Sdk.Governance.Tests.Policies;

/// <summary>
/// Protected aliases stored with the policy: a host built without governance on the same store must not move them (issue 14,
/// item 7), a governed host with a looser configuration still enforces them, and ungoverned writes are marked and surfaced.
/// </summary>
public sealed class StoredAliasPolicyTests : IDisposable
{
    private const string Model = GovernanceHost.Model;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "modelops-alias-policy-" + Guid.NewGuid().ToString("N"));

    private static readonly PromotionPolicyDocument Protecting = new(requiredApprovals: 1, protectedAliases: ["champion"], championAlias: "champion");

    [Fact]
    public async Task HostWithoutGovernance_MovingAStoredProtectedChampionToAPendingVersion_IsRefusedNamingThePolicy()
    {
        int approved, pending;
        await using (var governed = GovernanceHost.Create(build: b => b.UseFileSystem(_root)))
        {
            await governed.As("ada", "model-admin").Governance.SetPolicyAsync(null, Protecting, "CR-7: champion is protected everywhere");
            approved = (await governed.RegisterAsync(auc: 0.9)).Version;
            await governed.MakeChampionAsync(approved);
            pending = (await governed.RegisterAsync(auc: 0.5)).Version;
        }

        await using var ungoverned = UngovernedHost();
        var registry = ungoverned.GetRequiredService<IModelRegistry>();

        var refused = await Assert.ThrowsAsync<UngovernedChangeException>(() => registry.SetAliasAsync(Model, "champion", pending, "hotfix"));
        var rollback = await Assert.ThrowsAsync<UngovernedChangeException>(() => registry.RollbackAliasAsync(Model, "champion", "hotfix"));
        var delete = await Assert.ThrowsAsync<UngovernedChangeException>(() => registry.DeleteAliasAsync(Model, "champion"));
        var approve = await Assert.ThrowsAsync<UngovernedChangeException>(() => registry.TransitionAsync(Model, pending, ModelVersionStatus.Approved));

        Assert.Equal((UngovernedChangeException.RuleName, "champion", (string?)null, (int?)1), (refused.Rule, refused.Alias, refused.PolicyModelName, refused.PolicyRevision));
        Assert.Contains("protected by the registry-wide stored policy (revision 1)", refused.Message, StringComparison.Ordinal);
        Assert.Equal(UngovernedChangeException.RuleName, rollback.Rule);
        Assert.Equal(UngovernedChangeException.RuleName, delete.Rule);
        Assert.Equal(RegistryOperationKind.Transition, approve.Operation);
        Assert.Equal(approved, (await registry.ResolveAliasAsync(Model, "champion")).Version);
        Assert.Equal(ModelVersionStatus.PendingApproval, (await registry.GetVersionAsync(Model, pending)).Status);
        var refusal = (await registry.ReadAuditLogAsync(Model))[^1];
        Assert.Equal(("operation.refused", true), (refusal.Operation, refusal.Ungoverned));
    }

    [Fact]
    public async Task HostWithoutGovernance_CannotRewriteTheStoredPolicy_ButMovesUnprotectedAliasesMarkedUngoverned()
    {
        int version;
        await using (var governed = GovernanceHost.Create(build: b => b.UseFileSystem(_root)))
        {
            version = (await governed.RegisterAsync(auc: 0.9)).Version;
            await governed.As("ada", "model-admin").Governance.SetPolicyAsync(Model, Protecting, "CR-7");
        }

        await using var ungoverned = UngovernedHost();
        var registry = ungoverned.GetRequiredService<IModelRegistry>();

        var rewrite = await Assert.ThrowsAsync<UngovernedChangeException>(() => registry.AttachDocumentAsync(new DocumentAttachment
        {
            ModelName = Model,
            Kind = DocumentKinds.PromotionPolicy,
            Name = StoredAliasPolicy.DocumentName,
            MediaType = "application/json",
            Content = """{"requiredApprovals":0,"protectedAliases":[]}"""u8.ToArray(),
        }));
        var staging = await registry.SetAliasAsync(Model, "staging", version, "smoke test");
        var verification = await registry.VerifyAuditLogAsync(Model);
        var log = await registry.ReadAuditLogAsync(Model);

        Assert.Equal(UngovernedChangeException.RuleName, rewrite.Rule);
        Assert.Equal(version, staging.Version);
        Assert.True(verification.IsValid);
        var marked = log.Where(e => e.Ungoverned).Select(e => (e.Index, e.Operation)).ToArray();
        Assert.Equal([(log[^2].Index, "operation.refused"), (log[^1].Index, "alias.moved")], marked);
        Assert.Equal(marked.Select(m => m.Index), verification.UngovernedEntries);
        Assert.DoesNotContain(log.Take(log.Count - 2), e => e.Ungoverned);
    }

    [Fact]
    public async Task GovernedHost_ConfiguredWithAnotherChampion_StillProtectsTheStoredOne()
    {
        await using var host = GovernanceHost.Create(o =>
        {
            o.ChampionAlias = "other";
            o.ProtectedAliases.Clear();
            o.ProtectedAliases.Add("other");
        });
        await host.As("ada", "model-admin").Governance.SetPolicyAsync(null, Protecting, "CR-7");
        var pending = (await host.RegisterAsync(auc: 0.5)).Version;

        var refused = await Assert.ThrowsAsync<GovernanceRefusalException>(() => host.As("dana", "model-deployer").Registry.SetAliasAsync(Model, "champion", pending));
        var other = await Assert.ThrowsAsync<GovernanceRefusalException>(() => host.As("dana", "model-deployer").Registry.SetAliasAsync(Model, "other", pending));

        Assert.Equal(GovernanceRefusalException.Rules.ProtectedAlias, refused.Rule);
        Assert.Equal(GovernanceRefusalException.Rules.ProtectedAlias, other.Rule);
    }

    [Fact]
    public async Task RegistryWithoutAStoredPolicy_HostWithoutGovernance_BehavesAsBefore()
    {
        await using (var governed = GovernanceHost.Create(build: b => b.UseFileSystem(_root)))
        {
            await governed.RegisterAsync(auc: 0.5);
        }

        await using var ungoverned = UngovernedHost();
        var registry = ungoverned.GetRequiredService<IModelRegistry>();

        var champion = await registry.SetAliasAsync(Model, "champion", 1, "no policy stored yet");

        Assert.Equal(1, champion.Version);
        Assert.Empty((await registry.VerifyAuditLogAsync(Model)).UngovernedEntries);
    }

    [Fact]
    public void FromJson_EmptyProtectedAlias_IsRefusedNamingIt()
    {
        var ex = Assert.Throws<InvalidPromotionPolicyException>(() => PromotionPolicyDocument.FromJson("""{"protectedAliases":["champion",""]}"""));

        Assert.Equal("protectedAliases[1]", Assert.Single(ex.Errors).Field);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private ServiceProvider UngovernedHost()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseFileSystem(_root);
        return services.BuildServiceProvider();
    }
}
