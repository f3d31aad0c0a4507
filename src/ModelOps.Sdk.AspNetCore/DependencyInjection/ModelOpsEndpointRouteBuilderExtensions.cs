using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.AspNetCore.Dashboard;
using ModelOps.Sdk.AspNetCore.HealthChecks;
using ModelOps.Sdk.Reporting;

namespace ModelOps.Sdk;

/// <summary>The SDK's endpoints in an ASP.NET Core application: <c>app.MapModelOpsHealthChecks()</c>, <c>app.MapModelOpsDashboard()</c>.</summary>
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

    /// <summary>
    /// Serves the live dashboard under <paramref name="prefix"/>: the report's overview and each model's page, rendered from the
    /// registry as the report file is (<see cref="ReportHtmlRenderer"/>), and the same content as JSON. Read-only: only
    /// <c>GET</c> and <c>HEAD</c> are mapped (any other method is answered 405), and no endpoint writes to the registry.
    /// </summary>
    /// <param name="endpoints">The application.</param>
    /// <param name="prefix">The path of the overview. The default value is <c>/modelops</c>.</param>
    /// <param name="configure">Names the authorization policy (<see cref="ModelOpsDashboardOptions.AuthorizationPolicy"/>) or opts
    /// in to anonymous access (<see cref="ModelOpsDashboardOptions.AllowAnonymous"/>); one of the two is required.</param>
    /// <returns>The group of the dashboard's endpoints, to add conventions (host filtering, rate limiting, CORS) to all of them.</returns>
    /// <exception cref="OptionsValidationException">Neither a policy nor anonymous access was set, both were, the policy is not
    /// registered, or the cache duration is negative; the message says which.</exception>
    /// <exception cref="InvalidOperationException">The report generator is not registered: call <c>AddReporting()</c> on the
    /// ModelOps builder.</exception>
    /// <remarks>
    /// <para>The endpoints: <c>{prefix}</c> the overview page; <c>{prefix}/models/{name}</c> a model's page;
    /// <c>{prefix}/api/models</c> the overview (<see cref="ReportOverview"/>) and <c>{prefix}/api/models/{name}</c> a model's
    /// content (<see cref="ModelSection"/>) as JSON, with web (camelCase) names and enums as strings. An unknown model is 404.</para>
    /// <para>Every response is <c>Cache-Control: no-store</c>; pages carry a content security policy that allows no script and no
    /// fetch. A response is reused for <see cref="ModelOpsDashboardOptions.CacheDuration"/> while the registry's sequence is
    /// unchanged.</para>
    /// </remarks>
    public static RouteGroupBuilder MapModelOpsDashboard(this IEndpointRouteBuilder endpoints, string prefix = "/modelops", Action<ModelOpsDashboardOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        var options = new ModelOpsDashboardOptions();
        configure?.Invoke(options);
        var services = endpoints.ServiceProvider;
        ModelOpsDashboardOptionsValidator.Validate(options, services);
        var generator = services.GetService<IModelOpsReportGenerator>()
            ?? throw new InvalidOperationException("MapModelOpsDashboard needs the report generator: call AddReporting() on the ModelOps builder (services.AddModelOps(...).AddReporting()).");

        var path = "/" + prefix.Trim('/');
        var dashboard = new ModelOpsDashboard(
            generator,
            services.GetRequiredService<IModelRegistry>(),
            services.GetRequiredService<IOptions<ReportingOptions>>().Value,
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            path,
            options.CacheDuration);

        var group = endpoints.MapGroup(path);
        if (options.AllowAnonymous)
        {
            group.AllowAnonymous();
        }
        else
        {
            group.RequireAuthorization(options.AuthorizationPolicy!);
        }

        string[] read = [HttpMethods.Get, HttpMethods.Head];
        // Route handlers (Delegate), not RequestDelegates, so the IResult each returns is written.
        group.MapMethods(string.Empty, read, (Func<HttpContext, Task<IResult>>)dashboard.OverviewPageAsync);
        group.MapMethods("/models/{name}", read, (Func<string, HttpContext, Task<IResult>>)dashboard.ModelPageAsync);
        group.MapMethods("/api/models", read, (Func<HttpContext, Task<IResult>>)dashboard.OverviewJsonAsync);
        group.MapMethods("/api/models/{name}", read, (Func<string, HttpContext, Task<IResult>>)dashboard.ModelJsonAsync);

        // Every other method on the same paths is answered 405 here, after the reads (a higher order), rather than left to
        // routing: a host's catch-all (MapFallback for a single-page app) would otherwise take a POST to the dashboard's paths.
        foreach (var pattern in new[] { string.Empty, "/models/{name}", "/api/models", "/api/models/{name}" })
        {
            group.Map(pattern, (Func<HttpContext, IResult>)MethodNotAllowed).WithOrder(1);
        }

        return group;
    }

    private static IResult MethodNotAllowed(HttpContext context)
    {
        context.Response.Headers.Allow = "GET, HEAD";
        return Results.StatusCode(StatusCodes.Status405MethodNotAllowed);
    }
}
