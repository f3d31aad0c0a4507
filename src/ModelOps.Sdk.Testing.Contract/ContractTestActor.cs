using System.Security.Claims;
using ModelOps.Sdk.Security;

namespace ModelOps.Sdk.Testing;

/// <summary>The principal the contract tests act as, so audit entries can be checked for its name and roles.</summary>
internal sealed class ContractTestActor : IActorAccessor
{
    public const string Name = "contract-tester@example.org";

    public static readonly string[] Roles = ["approver", "ml-engineer"];

    public ClaimsPrincipal? Actor { get; } = new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, Name), .. Roles.Select(r => new Claim(ClaimTypes.Role, r))],
        authenticationType: "contract-tests"));
}
