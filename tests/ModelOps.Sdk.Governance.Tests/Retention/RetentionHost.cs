using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.Governance.Retention;
using ModelOps.Sdk.Security;

namespace ModelOps.Sdk.Governance.Tests.Retention;

/// <summary>A registry with governance and retention, a fake clock, and an acting principal each step switches.</summary>
internal sealed class RetentionHost : IAsyncDisposable
{
    public const string Model = "credit";

    public static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    private readonly SwitchableActor _actor;

    private RetentionHost(ServiceProvider services, FakeTimeProvider time)
    {
        Services = services;
        Time = time;
        Registry = services.GetRequiredService<IModelRegistry>();
        Retention = services.GetRequiredService<IRetentionService>();
        Governance = services.GetRequiredService<IGovernanceService>();
        _actor = (SwitchableActor)services.GetRequiredService<IActorAccessor>();
    }

    public ServiceProvider Services { get; }

    public FakeTimeProvider Time { get; }

    public IModelRegistry Registry { get; }

    public IRetentionService Retention { get; }

    public IGovernanceService Governance { get; }

    public static RetentionHost Create(Action<RetentionOptions>? retention = null, Action<IModelOpsBuilder>? build = null, FakeTimeProvider? time = null)
    {
        time ??= new FakeTimeProvider(Start);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        var builder = services.AddModelOps().UseActorAccessor<SwitchableActor>().AddGovernance(o => o.DefaultPolicy.RequiredApprovals = 1);
        if (build is null)
        {
            builder.UseInMemory();
        }
        else
        {
            build(builder);
        }

        if (retention is not null)
        {
            services.Configure(retention);
        }

        return new RetentionHost(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }), time);
    }

    /// <summary>Acts as <paramref name="name"/> with <paramref name="roles"/> from now on.</summary>
    public RetentionHost As(string name, params string[] roles)
    {
        _actor.Principal = new ClaimsPrincipal(new ClaimsIdentity(roles.Select(r => new Claim(ClaimTypes.Role, r)).Prepend(new Claim(ClaimTypes.Name, name)), "test"));
        return this;
    }

    public Task<ModelVersion> RegisterAsync(string model = Model) => As("rita").Registry.RegisterAsync(new ModelVersionRegistration
    {
        ModelName = model,
        Flavor = "custom",
        Artifact = new MemoryStream(Guid.NewGuid().ToByteArray()),
    });

    public async Task ApproveAsync(int version, string model = Model) =>
        Assert.True((await As("alice", "model-approver").Governance.ApproveAsync(model, version, "reviewed")).IsApproved);

    public ValueTask DisposeAsync() => Services.DisposeAsync();

    private sealed class SwitchableActor : IActorAccessor
    {
        public volatile ClaimsPrincipal? Principal;

        public ClaimsPrincipal? Actor => Principal;
    }
}
