using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CreditApi;

/// <summary>
/// An example scheme for the dashboard's readers: the <c>X-Api-Key</c> header compared, in constant time, with the
/// <c>Dashboard:ApiKey</c> setting (from a secret store or the <c>Dashboard__ApiKey</c> variable, never from source control).
/// Without the setting every request is refused. A real service would use its own scheme (OpenID Connect, Entra ID, certificates).
/// </summary>
internal sealed class DashboardApiKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IConfiguration configuration)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "DashboardApiKey";

    public const string HeaderName = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var expected = configuration["Dashboard:ApiKey"];
        if (string.IsNullOrEmpty(expected) || !Request.Headers.TryGetValue(HeaderName, out var given) || string.IsNullOrEmpty(given))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given.ToString())), SHA256.HashData(Encoding.UTF8.GetBytes(expected))))
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not the dashboard's."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "dashboard-reader")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
