using System.Security.Claims;

namespace ModelOps.Sdk.Security;

/// <summary>
/// The default <see cref="IActorAccessor"/>: the operating-system user running the process, with no roles.
/// </summary>
internal sealed class ProcessActorAccessor : IActorAccessor
{
    private readonly ClaimsPrincipal _principal = new(new ClaimsIdentity([new Claim(ClaimTypes.Name, Environment.UserName)], "process"));

    public ClaimsPrincipal? Actor => _principal;
}
