using Microsoft.Extensions.Logging;
using ModelOps.Sdk.Explanations;

namespace ModelOps.Sdk.Scoring;

/// <summary>
/// How a plain scorer logs its decisions (<see cref="PredictionLogScorerExtensions.WithPredictionLog{TInput, TOutput}(IModelScorer{TInput, TOutput}, Predictions.IPredictionLogSink, PredictionLogScorerOptions)"/>):
/// the clock, the ids' seed, and whether decisions are explained when they are made.
/// </summary>
public sealed class PredictionLogScorerOptions
{
    /// <summary>Gets or sets the clock of the logged timestamps.</summary>
    /// <value>The default value is <see langword="null"/>, for <see cref="System.TimeProvider.System"/>.</value>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>Gets or sets the seed of the ids' nonces (for reproducible tests).</summary>
    /// <value>The default value is <see langword="null"/>, for a cryptographically random seed.</value>
    public long? Seed { get; set; }

    /// <summary>
    /// Gets or sets the explainer of logged decisions (resolve <see cref="IDecisionExplainer"/> from the service provider). Without
    /// one, decisions are logged without explanations and <see cref="IPredictionLoggingScorer{TInput, TOutput}.ScoreAndExplainAsync"/>
    /// refuses.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public IDecisionExplainer? Explainer { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether every logged <c>Score</c>/<c>ScoreAsync</c> call is explained. The explanation is
    /// computed off the caller's path, by the loaded version that decided, and the record is written to the log once it is done
    /// (the call returns as soon as it has scored). Needs <see cref="Explainer"/>.
    /// </summary>
    /// <value>The default value is <see langword="false"/>: only <c>ScoreAndExplainAsync</c> calls are explained.</value>
    public bool ExplainEveryDecision { get; set; }

    /// <summary>
    /// Gets or sets how many background explanations (<see cref="ExplainEveryDecision"/>) may be running at once. A decision made
    /// while that many are running is logged at once without an explanation, with
    /// <see cref="Predictions.PredictionLogRecord.ExplanationUnavailable"/> saying so, and counted in
    /// <see cref="IPredictionLoggingScorer{TInput, TOutput}.ExplanationsSkipped"/>: the log never waits for, nor queues without
    /// bound, explanations slower than decisions.
    /// </summary>
    /// <value>The default value is 64.</value>
    public int MaxPendingExplanations { get; set; } = 64;

    /// <summary>Gets or sets the logger of explainer failures (by model, version and exception type, never by input value).</summary>
    /// <value>The default value is <see langword="null"/>: failures are only counted and recorded.</value>
    public ILogger? Logger { get; set; }
}
