using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Explanations;
using ModelOps.Sdk.Predictions;
using ModelOps.Sdk.Routing.Control;
using ModelOps.Sdk.Routing.Experiments;
using ModelOps.Sdk.Routing.PredictionLog;
using ModelOps.Sdk.Routing.Telemetry;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Routing;

/// <summary>
/// The default <see cref="IRoutedScorerFactory"/>, registered by <c>builder.AddRouting()</c>. When an <see cref="IPredictionLogSink"/>
/// is registered, every routed scorer it creates writes its answers to it.
/// </summary>
internal sealed class RoutedScorerFactory(
    IModelScorerFactory scorers,
    ExperimentStore store,
    ExperimentRecorders recorders,
    RoutingTelemetry telemetry,
    IOptions<RoutingOptions> options,
    TimeProvider time,
    ILoggerFactory? loggers = null,
    IPredictionLogSink? predictionLog = null,
    IDecisionExplainer? explainer = null) : IRoutedScorerFactory
{
    private readonly ILogger _logger = (loggers ?? NullLoggerFactory.Instance).CreateLogger("ModelOps.Sdk.Routing");

    /// <summary>The explainer of logged decisions when <see cref="RoutingOptions.ExplainEveryDecision"/> asks for one, else <see langword="null"/>.</summary>
    private IDecisionExplainer? Explainer()
    {
        if (!options.Value.ExplainEveryDecision || predictionLog is null)
        {
            return null;
        }

        return explainer ?? throw new InvalidOperationException(
            "RoutingOptions.ExplainEveryDecision is true but no IDecisionExplainer is registered: register routing after services.AddModelOps(), which registers it.");
    }

    public async Task<IRoutedScorer<TInput, TOutput>> CreateAsync<TInput, TOutput>(string modelName, string experimentName, Func<TOutput, double>? outputScore = null, CancellationToken cancellationToken = default)
        where TInput : class
        where TOutput : class
    {
        var definition = await store.LoadAsync(modelName, experimentName, cancellationToken).ConfigureAwait(false)
            ?? throw new ExperimentNotFoundException(modelName, experimentName);
        return await RoutedScorer<TInput, TOutput>.CreateAsync(definition, scorers, store, recorders, telemetry, time, options.Value, outputScore, predictionLog, Explainer(), _logger, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IRoutedScorer<TInput, TOutput>> CreateForDefinitionAsync<TInput, TOutput>(ExperimentDefinition definition, Func<TOutput, double>? outputScore = null, CancellationToken cancellationToken = default)
        where TInput : class
        where TOutput : class
    {
        ArgumentNullException.ThrowIfNull(definition);
        return await RoutedScorer<TInput, TOutput>.CreateAsync(definition, scorers, null, recorders, telemetry, time, options.Value, outputScore, predictionLog, Explainer(), _logger, cancellationToken).ConfigureAwait(false);
    }
}
