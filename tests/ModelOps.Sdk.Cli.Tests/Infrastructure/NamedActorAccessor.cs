using System.Security.Claims;
using ModelOps.Sdk.Security;

namespace ModelOps.Sdk.Cli.Tests.Infrastructure;

/// <summary>A fixed acting principal for seeding registries in process.</summary>
internal sealed class NamedActorAccessor(string name) : IActorAccessor
{
    public ClaimsPrincipal? Actor { get; } = new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], "test"));
}
