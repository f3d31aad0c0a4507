using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Loops;
using ModelOps.Sdk.Routing;

namespace ModelOps.Sdk;

/// <summary>Registers a routed scorer owned by the container: <c>builder.AddRoutedScorer&lt;Applicant, Decision&gt;("credit", "more-data")</c>.</summary>
public static class RoutedScorerModelOpsBuilderExtensions
{
    /// <summary>
    /// Registers an <see cref="IRoutedScorer{TInput, TOutput}"/> for an experiment stored in the registry (see
    /// <see cref="Routing.Control.ExperimentStore"/>), keyed by <c>model/experiment</c> (<c>[FromKeyedServices("credit/more-data")]</c>) and
    /// unkeyed for the first one of these types. It is an <see cref="IModelOpsLoop"/>: with ModelOps.Sdk.Hosting it is created when
    /// the host starts and disposed after the host has stopped; without a host, resolve it as <see cref="IModelOpsLoop"/> (or cast)
    /// and call <c>StartAsync</c>.
    /// </summary>
    /// <typeparam name="TInput">The input type.</typeparam>
    /// <typeparam name="TOutput">The output type.</typeparam>
    /// <param name="builder">The builder returned by <c>services.AddModelOps(...)</c>.</param>
    /// <param name="modelName">The model.</param>
    /// <param name="experimentName">The stored experiment.</param>
    /// <param name="outputScore">Turns an output into a number for shadow comparison, or <see langword="null"/>.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <remarks>Adds routing (<see cref="RoutingModelOpsBuilderExtensions.AddRouting"/>) if it was not added. While the experiment
    /// cannot be loaded (not stored yet, an arm that does not load) calls throw <see cref="ModelLoadException"/>, the failure is
    /// logged and shown in the loop's status, and creation is retried every <see cref="RoutingOptions.DefinitionRefreshInterval"/>.
    /// Registering the same model, experiment and types twice registers one scorer.</remarks>
    /// <exception cref="ArgumentException"><paramref name="modelName"/> or <paramref name="experimentName"/> is null or blank.</exception>
    public static IModelOpsBuilder AddRoutedScorer<TInput, TOutput>(this IModelOpsBuilder builder, string modelName, string experimentName, Func<TOutput, double>? outputScore = null)
        where TInput : class
        where TOutput : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelName);
        ArgumentException.ThrowIfNullOrWhiteSpace(experimentName);
        var services = builder.Services;
        var key = $"{modelName}/{experimentName}";
        if (services.Any(d => d.IsKeyedService && d.ServiceType == typeof(IRoutedScorer<TInput, TOutput>) && Equals(d.ServiceKey, key)))
        {
            return builder;
        }

        if (!services.Any(static d => d.ServiceType == typeof(IRoutedScorerFactory)))
        {
            builder.AddRouting();
        }

        services.AddKeyedSingleton<IRoutedScorer<TInput, TOutput>>(key, (sp, _) => new HostedRoutedScorer<TInput, TOutput>(
            sp.GetRequiredService<IRoutedScorerFactory>(),
            modelName,
            experimentName,
            outputScore,
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetRequiredService<IOptions<RoutingOptions>>().Value.DefinitionRefreshInterval,
            sp.GetService<ILoggerFactory>()?.CreateLogger("ModelOps.Sdk.Routing.HostedRoutedScorer") ?? NullLogger.Instance));
        services.TryAddSingleton(sp => sp.GetRequiredKeyedService<IRoutedScorer<TInput, TOutput>>(key));
        services.AddSingleton<IModelOpsLoop>(sp => (IModelOpsLoop)sp.GetRequiredKeyedService<IRoutedScorer<TInput, TOutput>>(key));
        return builder;
    }
}
