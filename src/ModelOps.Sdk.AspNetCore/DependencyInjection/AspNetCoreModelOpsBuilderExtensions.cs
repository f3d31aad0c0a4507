using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelOps.Sdk.AspNetCore.HealthChecks;
using ModelOps.Sdk.AspNetCore.ProblemDetails;
using ModelOps.Sdk.Hosting.Loops;
using ModelOps.Sdk.Monitoring.Health;
using ModelOps.Sdk.Registry;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk;

/// <summary>
/// ASP.NET Core for ModelOps.Sdk: <c>builder.AddProblemDetails()</c> answers the SDK's exceptions with RFC 9457 problem details,
/// <c>builder.AddHealthChecks()</c> registers the SDK's health checks tagged for liveness and readiness.
/// </summary>
public static class AspNetCoreModelOpsBuilderExtensions
{
    /// <summary>
    /// Answers every <see cref="ModelOpsException"/> that reaches the host's exception handler with a problem details response
    /// (RFC 9457): the status of its category (400 bad input naming the field, 403 refused, 404 unknown model, version, alias or
    /// experiment, 409 conflict, 503 not loaded or store unreachable with <c>Retry-After</c>, 500 integrity and configuration
    /// faults), an <c>errorCode</c> extension from <see cref="ModelOpsErrorCodes"/>, the model, version, alias or field when known,
    /// and the <c>traceId</c>.
    /// </summary>
    /// <param name="builder">The builder returned by <c>services.AddModelOps(...)</c>.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <remarks>
    /// <para>It registers an <c>IExceptionHandler</c> and ASP.NET Core's <c>AddProblemDetails()</c>; the application calls
    /// <c>app.UseExceptionHandler()</c>, as for any exception handler. Responses go through the host's
    /// <c>IProblemDetailsService</c>, so its <c>CustomizeProblemDetails</c> applies to them too.</para>
    /// <para>A 5xx response never carries the exception's message (it may name a file, a host or a bucket) nor its stack trace;
    /// the trace id finds it in the server's logs. A 4xx response carries the message, which names what was wrong. Other
    /// exceptions are left to the next handler. Calling it twice registers the handler once.</para>
    /// </remarks>
    public static IModelOpsBuilder AddProblemDetails(this IModelOpsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.Services.Any(static d => d.ImplementationType == typeof(ModelOpsExceptionHandler)))
        {
            builder.Services.AddProblemDetails();
            builder.Services.AddExceptionHandler<ModelOpsExceptionHandler>();
        }

        return builder;
    }

    /// <summary>
    /// Registers the SDK's health checks: <c>modelops-store</c> (<see cref="ModelStoreHealthCheck"/>) and
    /// <c>modelops-scorers</c> (<see cref="ModelScorersHealthCheck"/>), tagged <see cref="ModelOpsHealthCheckTags.Ready"/>;
    /// <c>modelops-loops</c> (<see cref="ModelOpsLoopsHealthCheck"/>) and <c>modelops-monitors</c>
    /// (<see cref="ModelMonitorsHealthCheck"/>); all tagged <see cref="ModelOpsHealthCheckTags.ModelOps"/>.
    /// </summary>
    /// <param name="builder">The builder returned by <c>services.AddModelOps(...)</c>.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <remarks>
    /// Serve them with <c>app.MapModelOpsHealthChecks()</c>, or with <c>MapHealthChecks</c> and a predicate on the tags. Calling it
    /// twice registers the checks once.
    /// </remarks>
    public static IModelOpsBuilder AddHealthChecks(this IModelOpsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton<ModelOpsLoopsHealthCheck>();
        services.TryAddSingleton<ModelMonitorsHealthCheck>();
        services.Configure<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckServiceOptions>(static options =>
        {
            if (options.Registrations.Any(static r => r.Name == "modelops-store"))
            {
                return;
            }

            string[] ready = [ModelOpsHealthCheckTags.ModelOps, ModelOpsHealthCheckTags.Ready];
            string[] modelOps = [ModelOpsHealthCheckTags.ModelOps];
            options.Registrations.Add(Registration<ModelStoreHealthCheck>("modelops-store", ready));
            options.Registrations.Add(Registration<ModelScorersHealthCheck>("modelops-scorers", ready));
            options.Registrations.Add(Registration<ModelOpsLoopsHealthCheck>("modelops-loops", modelOps));
            options.Registrations.Add(Registration<ModelMonitorsHealthCheck>("modelops-monitors", modelOps));
        });
        services.AddHealthChecks();
        return builder;
    }

    private static Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration Registration<T>(string name, string[] tags)
        where T : class, Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheck =>
        new(name, static sp => sp.GetRequiredService<T>(), failureStatus: null, tags);
}
