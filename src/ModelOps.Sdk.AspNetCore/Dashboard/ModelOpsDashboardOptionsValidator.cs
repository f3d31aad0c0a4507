using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace ModelOps.Sdk.AspNetCore.Dashboard;

/// <summary>
/// Checks <see cref="ModelOpsDashboardOptions"/> when the dashboard is mapped: one way to authorize (a policy the host registered, or
/// an explicit anonymous opt-in), and a cache duration that is not negative.
/// </summary>
internal static class ModelOpsDashboardOptionsValidator
{
    public static void Validate(ModelOpsDashboardOptions options, IServiceProvider services)
    {
        var failures = new List<string>();
        var policy = options.AuthorizationPolicy;
        if (policy is null && !options.AllowAnonymous)
        {
            failures.Add("MapModelOpsDashboard needs an authorization policy: set AuthorizationPolicy to the name of a policy the host registers " +
                "(services.AddAuthorization(o => o.AddPolicy(\"ModelOpsDashboard\", ...))), or set AllowAnonymous = true to serve it to anyone who can reach the host.");
        }
        else if (policy is not null && options.AllowAnonymous)
        {
            failures.Add($"MapModelOpsDashboard: AuthorizationPolicy '{policy}' and AllowAnonymous = true were both set; AllowAnonymous would bypass the policy. Set one.");
        }
        else if (policy is not null && string.IsNullOrWhiteSpace(policy))
        {
            failures.Add("MapModelOpsDashboard: AuthorizationPolicy is empty; name a policy the host registers.");
        }
        else if (policy is not null)
        {
            if (services.GetService(typeof(IAuthorizationPolicyProvider)) is not IAuthorizationPolicyProvider provider)
            {
                failures.Add($"MapModelOpsDashboard: AuthorizationPolicy '{policy}' is named but authorization is not registered; call services.AddAuthorization(o => o.AddPolicy(\"{policy}\", ...)).");
            }
            else
            {
                // The default provider answers from the registered options at once; a custom provider that creates policies on
                // demand is asked when a request comes.
                var lookup = provider.GetPolicyAsync(policy);
                if (lookup.IsCompletedSuccessfully && lookup.Result is null)
                {
                    failures.Add($"MapModelOpsDashboard: no authorization policy named '{policy}' is registered; add it with services.AddAuthorization(o => o.AddPolicy(\"{policy}\", ...)).");
                }
            }
        }

        if (options.CacheDuration < TimeSpan.Zero)
        {
            failures.Add($"MapModelOpsDashboard: CacheDuration must not be negative, not {options.CacheDuration}.");
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(ModelOpsDashboardOptions), failures);
        }
    }
}
