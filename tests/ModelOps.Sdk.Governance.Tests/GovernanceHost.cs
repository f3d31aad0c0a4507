using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.Audit;
using ModelOps.Sdk.Governance;
using ModelOps.Sdk.Governance.Policies;
using ModelOps.Sdk.Security;

namespace ModelOps.Sdk.Governance.Tests;

/// <summary>A registry with governance, wired as an application wires it, whose acting principal each test switches.</summary>
internal sealed class GovernanceHost : IAsyncDisposable
{
    public const string Model = "credit";

    private GovernanceHost(ServiceProvider services)
    {
        Services = services;
        Registry = services.GetRequiredService<IModelRegistry>();
        Governance = services.GetRequiredService<IGovernanceService>();
        Actor = (SwitchableActor)services.GetRequiredService<IActorAccessor>();
    }

    public ServiceProvider Services { get; }

    public IModelRegistry Registry { get; }

    public IGovernanceService Governance { get; }

    private SwitchableActor Actor { get; }

    public static GovernanceHost Create(Action<GovernanceOptions>? configure = null, Action<IModelOpsBuilder>? build = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero)));
        var builder = services.AddModelOps().UseInMemory().UseActorAccessor<SwitchableActor>().AddGovernance(configure);
        build?.Invoke(builder);
        return new GovernanceHost(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }));
    }

    /// <summary>Acts as <paramref name="name"/> with <paramref name="roles"/> from now on.</summary>
    public GovernanceHost As(string name, params string[] roles)
    {
        Actor.Actor = new ClaimsPrincipal(new ClaimsIdentity(
            roles.Select(r => new Claim(ClaimTypes.Role, r)).Prepend(new Claim(ClaimTypes.Name, name)), "test"));
        return this;
    }

    public Task<ModelVersion> RegisterAsync(double auc, ModelSignature? signature = null, string registrant = "rita") =>
        As(registrant).Registry.RegisterAsync(new ModelVersionRegistration
        {
            ModelName = Model,
            Flavor = "custom",
            Artifact = new MemoryStream(Guid.NewGuid().ToByteArray()),
            Metrics = new Dictionary<string, double> { ["auc"] = auc },
            Signature = signature ?? Signatures.V1,
        });

    /// <summary>Approves with two distinct approvers (enough for any policy in these tests) and makes it champion as a deployer.</summary>
    public async Task MakeChampionAsync(int version)
    {
        var outcome = await As("alice", "model-approver").Governance.ApproveAsync(Model, version);
        if (!outcome.IsApproved)
        {
            outcome = await As("bob", "model-approver").Governance.ApproveAsync(Model, version);
        }

        Assert.True(outcome.IsApproved);
        await As("dana", "model-deployer").Registry.SetAliasAsync(Model, "champion", version);
    }

    public async Task<AuditEntry> LastAuditEntryAsync() => (await Registry.ReadAuditLogAsync(Model))[^1];

    public ValueTask DisposeAsync() => Services.DisposeAsync();

    private sealed class SwitchableActor : IActorAccessor
    {
        private volatile ClaimsPrincipal? _actor;

        public ClaimsPrincipal? Actor
        {
            get => _actor;
            set => _actor = value;
        }
    }
}

internal static class Signatures
{
    public static readonly ModelSignature V1 = new(
        [new SignatureField("income", "float32"), new SignatureField("debt", "float32")],
        [new SignatureField("score", "float32"), new SignatureField("label", "bool")]);
}
