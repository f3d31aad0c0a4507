using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Hosting;
using ModelOps.Sdk.Hosting.Scoring;
using ModelOps.Sdk.Hosting.Telemetry;
using ModelOps.Sdk.Scoring;
using ModelOps.Sdk.Telemetry;

namespace ModelOps.Sdk;

/// <summary>Registers scorers owned by the container and run with the host: <c>builder.AddScorer&lt;Applicant, Decision&gt;("credit", "champion")</c>.</summary>
public static class HostingModelOpsBuilderExtensions
{
    /// <summary>
    /// Registers an <see cref="IModelScorer{TInput, TOutput}"/> that follows <paramref name="aliasName"/> of
    /// <paramref name="modelName"/>: keyed by <c>model@alias</c> (inject it with <c>[FromKeyedServices("credit@champion")]</c>), and
    /// unkeyed for the first scorer of these input and output types. It loads when the host starts, swaps versions when the alias
    /// moves, and is disposed after the host has stopped.
    /// </summary>
    /// <typeparam name="TInput">The input type.</typeparam>
    /// <typeparam name="TOutput">The output type.</typeparam>
    /// <param name="builder">The builder returned by <c>services.AddModelOps(...)</c>.</param>
    /// <param name="modelName">The model.</param>
    /// <param name="aliasName">The alias to follow, for example <c>champion</c>.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <remarks>
    /// <para>At start the host waits for each scorer's first load attempt. When it fails (the alias does not exist yet, the store is
    /// down), the host still starts, the failure is logged, the scorer tries again every
    /// <see cref="ModelOpsHostingOptions.ScorerLoadRetryInterval"/>, and <see cref="ModelScorersHealthCheck"/> reports unhealthy
    /// until a version serves; calls meanwhile throw <see cref="ModelLoadException"/>. An invalid model or alias name fails the start.</para>
    /// <para>The scorer is disposed when every hosted service has stopped (in <see cref="IHostedLifecycleService.StoppedAsync"/>),
    /// so a web server drains its requests first; calls still running then finish on their version, which is released after them.</para>
    /// <para>Registering the same model, alias and types twice registers one scorer.</para>
    /// <para>The first call also starts saving this instance's scorer telemetry (calls, errors and sampled latencies of every version
    /// any scorer in the process serves) every <see cref="ModelOpsHostingOptions.ScorerTelemetryInterval"/>, as
    /// <see cref="ScorerTelemetrySnapshot"/> documents the report merges across instances.</para>
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="modelName"/> or <paramref name="aliasName"/> is null or blank.</exception>
    public static IModelOpsBuilder AddScorer<TInput, TOutput>(this IModelOpsBuilder builder, string modelName, string aliasName)
        where TInput : class
        where TOutput : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelName);
        ArgumentException.ThrowIfNullOrWhiteSpace(aliasName);
        var services = builder.Services;
        var key = $"{modelName}@{aliasName}";
        if (services.Any(d => d.IsKeyedService && d.ServiceType == typeof(IModelScorer<TInput, TOutput>) && Equals(d.ServiceKey, key)))
        {
            return builder;
        }

        AddHostingOptions(services);
        services.Configure<ModelScorersHealthCheckOptions>(o => o.RequiredScorers.Add(key));
        services.AddKeyedSingleton<IModelScorer<TInput, TOutput>>(key, (sp, _) => new HostedScorer<TInput, TOutput>(
            sp.GetRequiredService<IModelScorerFactory>(),
            modelName,
            aliasName,
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetRequiredService<IOptions<ModelOpsHostingOptions>>().Value.ScorerLoadRetryInterval,
            sp.GetService<ILoggerFactory>()?.CreateLogger("ModelOps.Sdk.Hosting.Scorers") ?? NullLogger.Instance));
        services.TryAddSingleton(sp => sp.GetRequiredKeyedService<IModelScorer<TInput, TOutput>>(key));
        services.AddSingleton<IHostedScorer>(sp => (IHostedScorer)sp.GetRequiredKeyedService<IModelScorer<TInput, TOutput>>(key));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, HostedScorersService>());
        return builder.AddScorerTelemetry();
    }

    /// <summary>
    /// Saves this instance's scorer telemetry (calls, errors and sampled latencies of every version any scorer in the process serves)
    /// at the end of each period of <see cref="ModelOpsHostingOptions.ScorerTelemetryInterval"/>, and the running period's when the
    /// host stops, as <see cref="ScorerTelemetrySnapshot"/> documents the report merges across instances.
    /// </summary>
    /// <param name="builder">The builder returned by <c>services.AddModelOps(...)</c>.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <remarks>
    /// <see cref="AddScorer{TInput, TOutput}"/> calls it; call it for scorers registered otherwise (a routed scorer, a scorer created
    /// from <see cref="IModelScorerFactory"/>). It reads the core meter's scorer instruments, so it counts every scorer in the
    /// process. Calling it twice registers the writer once.
    /// </remarks>
    public static IModelOpsBuilder AddScorerTelemetry(this IModelOpsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddHostingOptions(builder.Services);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ScorerTelemetryService>());
        return builder;
    }

    private static void AddHostingOptions(IServiceCollection services)
    {
        if (services.Any(static d => d.ServiceType == typeof(IValidateOptions<ModelOpsHostingOptions>)))
        {
            return;
        }

        services.AddOptions<ModelOpsHostingOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ModelOpsHostingOptions>, ModelOpsHostingOptionsValidator>());
    }
}
