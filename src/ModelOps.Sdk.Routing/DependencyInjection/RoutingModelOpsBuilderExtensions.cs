using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Loops;
using ModelOps.Sdk.Predictions;
using ModelOps.Sdk.Routing;
using ModelOps.Sdk.Routing.Automation;
using ModelOps.Sdk.Routing.Control;
using ModelOps.Sdk.Routing.Evaluation;
using ModelOps.Sdk.Routing.Loops;
using ModelOps.Sdk.Routing.PredictionLog;
using ModelOps.Sdk.Routing.Predictions;
using ModelOps.Sdk.Routing.Replay;
using ModelOps.Sdk.Routing.Statistics;
using ModelOps.Sdk.Routing.Telemetry;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk;

/// <summary>
/// Registers champion–challenger routing with ModelOps.Sdk.
/// </summary>
public static class RoutingModelOpsBuilderExtensions
{
    /// <summary>
    /// Adds the routing runtime: <see cref="IRoutedScorerFactory"/>, <see cref="ExperimentStore"/>, <see cref="ExperimentController"/>,
    /// <see cref="RampScheduler"/>, <see cref="OutcomeRecorder"/>, <see cref="ExperimentRecorders"/>, <see cref="ExperimentStatisticsStore"/>
    /// and <see cref="RoutingTelemetry"/>.
    /// </summary>
    /// <param name="builder">The builder returned by <c>services.AddModelOps()</c>.</param>
    /// <param name="configure">Sets <see cref="RoutingOptions"/>; options can also be bound from configuration.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <remarks>
    /// Idempotent: calling it again only applies <paramref name="configure"/>. Options are validated (data annotations) when the
    /// first routed scorer is created, and at host start when there is a host. Automation that changes the champion alias is not
    /// registered here: opt in with <see cref="AddChampionChallengerAutomation"/>.
    /// </remarks>
    public static IModelOpsBuilder AddRouting(this IModelOpsBuilder builder, Action<RoutingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var firstCall = !services.Any(static d => d.ServiceType == typeof(IRoutedScorerFactory));
        var options = services.AddOptions<RoutingOptions>();
        if (firstCall)
        {
            options.ValidateDataAnnotations().ValidateOnStart();

            // One instance id for everything an instance saves for the fleet: statistics here, monitoring windows in Monitoring.
            options.PostConfigure<IOptions<ModelOpsOptions>>(static (o, modelOps) => o.InstanceId ??= modelOps.Value.InstanceId);
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RoutingOptions>, RoutingOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(static sp => new RoutingTelemetry(sp.GetService<IMeterFactory>()));
        services.TryAddSingleton<ExperimentStore>();
        services.TryAddSingleton<ExperimentRecorders>();
        services.TryAddSingleton<ExperimentStatisticsStore>();
        services.TryAddSingleton<IExperimentStatisticsSource, LocalExperimentStatisticsSource>();
        services.TryAddSingleton<ExperimentController>();
        services.TryAddSingleton<RampScheduler>();
        services.TryAddSingleton<OutcomeRecorder>();
        services.TryAddSingleton<IRoutedScorerFactory, RoutedScorerFactory>();
        services.TryAddSingleton<ChampionChallengerEvaluator>();
        return builder;
    }

    /// <summary>
    /// Adds a prediction log in JSON-lines files (<see cref="JsonLinesPredictionLogSink"/>) as the <see cref="IPredictionLogSink"/>:
    /// every routed scorer created afterwards writes its answers to it, with the fields named in
    /// <see cref="JsonLinesPredictionLogOptions.RedactedFields"/> removed or hashed, and <see cref="OutcomeRecorder"/> reads predicted
    /// values from it (<see cref="OutcomeRecorder.RecordOutcomeAsync(string, double, CancellationToken)"/>).
    /// </summary>
    /// <param name="builder">The builder returned by <c>services.AddModelOps()</c>.</param>
    /// <param name="configure">Sets <see cref="JsonLinesPredictionLogOptions"/>; options can also be bound from configuration.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <remarks>
    /// Idempotent: calling it again only applies <paramref name="configure"/>. An <see cref="IPredictionLogSink"/> registered before
    /// is kept. Options are validated when the sink is first resolved (by the first routed scorer factory or outcome recorder), and
    /// at host start when there is a host. The container disposes the sink, which drains its queue.
    /// </remarks>
    public static IModelOpsBuilder AddJsonLinesPredictionLog(this IModelOpsBuilder builder, Action<JsonLinesPredictionLogOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var firstCall = !services.Any(static d => d.ServiceType == typeof(JsonLinesPredictionLogSink));
        var options = services.AddOptions<JsonLinesPredictionLogOptions>();
        if (firstCall)
        {
            options.ValidateDataAnnotations().ValidateOnStart();
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JsonLinesPredictionLogOptions>, JsonLinesPredictionLogOptionsValidator>());
        services.TryAddSingleton(static sp => new JsonLinesPredictionLogSink(
            sp.GetRequiredService<IOptions<JsonLinesPredictionLogOptions>>().Value,
            sp.GetService<ILogger<JsonLinesPredictionLogSink>>(),
            sp.GetService<TimeProvider>()));
        services.TryAddSingleton<IPredictionLogSink>(static sp => sp.GetRequiredService<JsonLinesPredictionLogSink>());
        return builder;
    }

    /// <summary>
    /// Adds decision replay: registers <see cref="IDecisionReplayer"/> (a <see cref="DecisionReplayer"/> over the container's
    /// <see cref="IModelScorerFactory"/> and <see cref="IPredictionLogSink"/>), so a host can replay a logged decision by its id with
    /// the exact version that made it.
    /// </summary>
    /// <param name="builder">The builder returned by <c>services.AddModelOps()</c>.</param>
    /// <param name="configure">Sets the comparison's tolerances (<see cref="DecisionReplayOptions"/>); they can also be bound from configuration.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <remarks>
    /// Idempotent. The tolerances are validated at host start and when the replayer is first resolved, each problem named by its
    /// configuration path (<c>ModelOps:Routing:Replay:RelativeTolerance</c>). Register a prediction log too (<see cref="AddJsonLinesPredictionLog"/> or your own <see cref="IPredictionLogSink"/>);
    /// resolving the replayer without one fails with a message that says so.
    /// </remarks>
    public static IModelOpsBuilder AddDecisionReplay(this IModelOpsBuilder builder, Action<DecisionReplayOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<DecisionReplayOptions>();
        if (!builder.Services.Any(static d => d.ServiceType == typeof(IDecisionReplayer)))
        {
            options.ValidateOnStart();
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DecisionReplayOptions>, DecisionReplayOptionsValidator>());
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddSingleton<IDecisionReplayer>(static sp => new DecisionReplayer(
            sp.GetRequiredService<IModelScorerFactory>(),
            sp.GetService<IPredictionLogSink>() ?? throw new InvalidOperationException("Decision replay reads a prediction log, and none is registered: call builder.AddJsonLinesPredictionLog(...) or register an IPredictionLogSink."),
            sp.GetService<IOptions<DecisionReplayOptions>>(),
            sp.GetService<ModelOps.Sdk.Explanations.IDecisionExplainer>()));
        return builder;
    }

    /// <summary>
    /// Opts in to automation: registers <see cref="ChampionChallengerAutomation"/> (a singleton over the container's
    /// <see cref="IModelRegistry"/>), so a host can resolve it and apply evaluation decisions to the champion alias. Adds the
    /// routing runtime too (<see cref="AddRouting"/>) if it is not there yet.
    /// </summary>
    /// <param name="builder">The builder returned by <c>services.AddModelOps()</c>.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <remarks>
    /// Registering the automation moves nothing by itself: each <see cref="ChampionChallengerAutomation.ApplyAsync"/> call still
    /// says which actions it allows (<see cref="AutomationRequest.AutoPromote"/>, <see cref="AutomationRequest.AutoRollback"/>,
    /// both off by default). Without this call the container has no <see cref="ChampionChallengerAutomation"/>, so nothing in the
    /// host can move the champion alias automatically. Idempotent.
    /// </remarks>
    public static IModelOpsBuilder AddChampionChallengerAutomation(this IModelOpsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.Services.Any(static d => d.ServiceType == typeof(IRoutedScorerFactory)))
        {
            builder.AddRouting();
        }

        builder.Services.TryAddSingleton<ChampionChallengerAutomation>();
        return builder;
    }

    /// <summary>
    /// Adds the routing loops as <see cref="IModelOpsLoop"/> services, which ModelOps.Sdk.Hosting starts and stops with the host:
    /// <c>routing:ramp</c> advances ramps (<see cref="RampScheduler.TryAdvanceAsync"/>), <c>routing:evaluation</c> evaluates
    /// challengers and acts on the decisions (aborts an experiment whose challenger breaches a guardrail or holds a signal, such as a
    /// drift alert of the monitoring package; promotes and rolls back through <see cref="ChampionChallengerAutomation"/> when
    /// allowed), and <c>routing:statistics</c> stores this instance's statistics. Adds the routing runtime and the automation
    /// (<see cref="AddChampionChallengerAutomation"/>) if they are not there yet.
    /// </summary>
    /// <param name="builder">The builder returned by <c>services.AddModelOps()</c>.</param>
    /// <param name="configure">Sets <see cref="RoutingLoopsOptions"/>; options can also be bound from configuration
    /// (<c>ModelOps:Routing:Loops</c>).</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <remarks>
    /// <para>Idempotent: calling it again only applies <paramref name="configure"/>. Options are validated when the loops are first
    /// resolved, and at host start when there is a host. Each loop runs at start, then at its interval by the container's
    /// <see cref="TimeProvider"/>; a loop disabled in the options registers but never runs.</para>
    /// <para>Every action is conditional (the alias moves only from the version the evaluation saw), so a fleet whose instances all
    /// run the loops against one registry acts once per decision; the other instances log that it was already made, at Information.
    /// In a fleet, evaluate on every instance's traffic by registering <see cref="StoredExperimentStatisticsSource"/> as the
    /// <see cref="IExperimentStatisticsSource"/> before this call.</para>
    /// </remarks>
    public static IModelOpsBuilder AddRoutingLoops(this IModelOpsBuilder builder, Action<RoutingLoopsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        builder.AddChampionChallengerAutomation();
        var firstCall = !services.Any(static d => d.ServiceType == typeof(ExperimentCatalog));
        var options = services.AddOptions<RoutingLoopsOptions>();
        if (firstCall)
        {
            options.ValidateDataAnnotations().ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RoutingLoopsOptions>, RoutingLoopsOptionsValidator>());
            services.TryAddSingleton<ExperimentCatalog>();
            services.TryAddSingleton<RampAdvanceLoop>();
            services.TryAddSingleton<ExperimentEvaluationLoop>();
            services.TryAddSingleton<StatisticsSnapshotLoop>();
            services.AddSingleton<IModelOpsLoop>(static sp => sp.GetRequiredService<RampAdvanceLoop>());
            services.AddSingleton<IModelOpsLoop>(static sp => sp.GetRequiredService<ExperimentEvaluationLoop>());
            services.AddSingleton<IModelOpsLoop>(static sp => sp.GetRequiredService<StatisticsSnapshotLoop>());
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        return builder;
    }
}
