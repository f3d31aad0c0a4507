using System.Security.Claims;

namespace ModelOps.Sdk.Security;

/// <summary>
/// Supplies the principal on whose behalf the registry acts. Its name and roles are written into every audit entry.
/// </summary>
/// <remarks>
/// The default uses the operating-system user of the process. In a web application register one that returns
/// the request's user (for example from <c>IHttpContextAccessor</c>). Implementations must be thread-safe.
/// </remarks>
public interface IActorAccessor
{
    /// <summary>Gets the acting principal, or <see langword="null"/> when there is none (recorded as <c>anonymous</c>).</summary>
    ClaimsPrincipal? Actor { get; }
}
