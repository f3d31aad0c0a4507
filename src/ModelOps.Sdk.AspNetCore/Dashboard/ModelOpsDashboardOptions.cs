namespace ModelOps.Sdk.AspNetCore.Dashboard;

/// <summary>
/// The options of <c>app.MapModelOpsDashboard(prefix, configure)</c>: who may read the dashboard, and how long a page is reused.
/// </summary>
/// <remarks>
/// Exactly one of <see cref="AuthorizationPolicy"/> and <see cref="AllowAnonymous"/> must be set; otherwise mapping the dashboard
/// throws <see cref="Microsoft.Extensions.Options.OptionsValidationException"/>. The dashboard shows who approved which model, its
/// audit chain and its monitoring: it is not meant for anonymous readers, and an anonymous dashboard must be asked for by name.
/// </remarks>
public sealed class ModelOpsDashboardOptions
{
    /// <summary>
    /// Gets or sets the name of the authorization policy every page and JSON endpoint of the dashboard requires (a policy the host
    /// registers with <c>services.AddAuthorization(o =&gt; o.AddPolicy(name, ...))</c>).
    /// </summary>
    /// <value>The default value is <see langword="null"/>: no policy, which is refused unless <see cref="AllowAnonymous"/> is set.</value>
    public string? AuthorizationPolicy { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether anyone who can reach the host may read the dashboard, without authorization (for
    /// example on a developer's machine, or behind a gateway that authorizes). It also bypasses the host's fallback policy.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool AllowAnonymous { get; set; }

    /// <summary>
    /// Gets or sets how long a generated page or JSON document is served again to later requests, while the registry has not
    /// changed (its sequence, from <see cref="IModelRegistry.RefreshAsync"/>, is the same). <see cref="TimeSpan.Zero"/> generates
    /// every response from the registry.
    /// </summary>
    /// <value>The default value is 10 seconds.</value>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(10);
}
