using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ModelOps.Sdk.AspNetCore.HealthChecks;

namespace ModelOps.Sdk;

/// <summary>The SDK's endpoints in an ASP.NET Core application: <c>app.MapModelOpsHealthChecks()</c>.</summary>
public static class ModelOpsEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves the health checks as JSON under <paramref name="pattern"/>: <c>/health</c> every registered check (the SDK's and the
    /// application's), <c>/health/ready</c> those tagged <see cref="ModelOpsHealthCheckTags.Ready"/> (the store and the scorers),
    /// <c>/health/live</c> none (it answers while the process serves requests).
    /// </summary>
    /// <param name="endpoints">The application.</param>
    /// <param name="pattern">The route of the overall report. The default value is <c>/health</c>.</param>
    /// <returns>The group of the three endpoints, to add conventions (authorization, host filtering) to all of them.</returns>
    /// <remarks>
    /// Each answers 200 when healthy or degraded and 503 when unhealthy (ASP.NET Core's defaults), with a JSON body: <c>status</c>,
    /// and for each check its <c>status</c>, <c>description</c>, <c>durationMs</c>, <c>tags</c> and <c>data</c>. The data names
    /// models, versions and store errors: expose <c>/health</c> to operators only, and <c>/health/live</c> and
    /// <c>/health/ready</c> to the orchestrator. Register the checks with <c>AddHealthChecks()</c> on the ModelOps builder.
    /// </remarks>
    public static RouteGroupBuilder MapModelOpsHealthChecks(this IEndpointRouteBuilder endpoints, string pattern = "/health")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        var group = endpoints.MapGroup(pattern);
        group.MapHealthChecks(string.Empty, new HealthCheckOptions { ResponseWriter = ModelOpsHealthResponseWriter.WriteAsync });
        group.MapHealthChecks("/ready", new HealthCheckOptions
        {
            Predicate = static check => check.Tags.Contains(ModelOpsHealthCheckTags.Ready),
            ResponseWriter = ModelOpsHealthResponseWriter.WriteAsync,
        });
        group.MapHealthChecks("/live", new HealthCheckOptions
        {
            Predicate = static _ => false,
            ResponseWriter = ModelOpsHealthResponseWriter.WriteAsync,
        });
        return group;
    }
}
