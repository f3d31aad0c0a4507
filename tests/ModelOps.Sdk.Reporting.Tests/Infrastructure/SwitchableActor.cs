using System.Security.Claims;
using ModelOps.Sdk.Security;

namespace ModelOps.Sdk.Reporting.Tests.Infrastructure;

/// <summary>The acting principal of the test registry, switched between steps (registrant, approver, deployer).</summary>
internal sealed class SwitchableActor : IActorAccessor
{
    private ClaimsPrincipal? _actor;

    public ClaimsPrincipal? Actor => Volatile.Read(ref _actor);

    public void ActAs(string name, params string[] roles) =>
        Volatile.Write(ref _actor, new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, name), .. roles.Select(static r => new Claim(ClaimTypes.Role, r))], "test", ClaimTypes.Name, ClaimTypes.Role)));
}
