using System.Security.Claims;
using Microsoft.Extensions.Configuration;
using ModelOps.Sdk.Security;

namespace ModelOps.Sdk.Cli.Security;

/// <summary>
/// The acting principal from configuration: <c>Actor</c> (<c>--actor</c>, <c>MODELOPS_ACTOR</c>) names it, falling back to the
/// operating-system user, and <c>Roles</c> (<c>--roles</c>, <c>MODELOPS_ROLES</c>, comma-separated) become its role claims, which
/// governance's role checks read.
/// </summary>
internal sealed class ConfiguredActorAccessor : IActorAccessor
{
    public const string AuthenticationType = "modelops-cli";

    public ConfiguredActorAccessor(IConfiguration configuration)
    {
        var name = configuration["Actor"];
        if (string.IsNullOrWhiteSpace(name))
        {
            name = Environment.UserName;
        }

        var claims = new List<Claim> { new(ClaimTypes.Name, name.Trim()) };
        foreach (var role in ParseRoles(configuration["Roles"]))
        {
            claims.Add(new Claim(ClaimTypes.Role, role));
        }

        Actor = new ClaimsPrincipal(new ClaimsIdentity(claims, AuthenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }

    public ClaimsPrincipal? Actor { get; }

    public static IReadOnlyList<string> ParseRoles(string? roles) =>
        string.IsNullOrWhiteSpace(roles)
            ? []
            : roles.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToArray();
}
