using System.Security.Cryptography;
using ModelOps.Sdk.PredictionLog;
using ModelOps.Sdk.Predictions;

namespace ModelOps.Sdk.Scoring;

/// <summary>Opts a plain scorer in to the prediction log, so its decisions can be replayed and their outcomes recorded.</summary>
public static class PredictionLogScorerExtensions
{
    /// <summary>
    /// Wraps a scorer so that every <see cref="IModelScorer{TInput, TOutput}.Score"/> and
    /// <see cref="IModelScorer{TInput, TOutput}.ScoreAsync"/> call is written to a prediction log (input, full output, version,
    /// time) under a new <see cref="PredictionId"/>, returned in <see cref="ScoredPrediction{TOutput}.Id"/>.
    /// </summary>
    /// <typeparam name="TInput">The input type.</typeparam>
    /// <typeparam name="TOutput">The output type.</typeparam>
    /// <param name="scorer">The scorer, from <see cref="IModelScorerFactory"/>.</param>
    /// <param name="sink">The prediction log (for example ModelOps.Sdk.Routing's JSON-lines sink, which redacts personal data).</param>
    /// <param name="timeProvider">The clock of the logged timestamps, or <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="seed">Seeds the ids' nonces (for reproducible tests), or <see langword="null"/> for a cryptographically random seed.</param>
    /// <returns>The logging scorer; disposing it disposes <paramref name="scorer"/>.</returns>
    /// <remarks>
    /// <para>
    /// Opt-in: a scorer that is not wrapped logs nothing and costs nothing more. The id has no experiment, and its arm is the alias
    /// the scorer follows (<c>credit::champion:3:9f86d081884c7d65</c>), or <c>pinned</c> for a pinned scorer. The call adds a
    /// clock read and a queue write; the sink serializes on its own thread, so do not change an input or output after scoring it.
    /// </para>
    /// <para>Batch calls (<see cref="IModelScorer{TInput, TOutput}.ScoreBatch"/>) are not logged, since they return no ids.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException">The scorer or the sink is null.</exception>
    public static IModelScorer<TInput, TOutput> WithPredictionLog<TInput, TOutput>(this IModelScorer<TInput, TOutput> scorer, IPredictionLogSink sink, TimeProvider? timeProvider = null, long? seed = null)
        where TInput : class
        where TOutput : class
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(sink);
        return new PredictionLoggingScorer<TInput, TOutput>(scorer, sink, timeProvider ?? TimeProvider.System, Seed(seed));
    }

    /// <summary>
    /// Wraps a scorer so that every <see cref="IModelScorer{TInput, TOutput}.Score"/> and
    /// <see cref="IModelScorer{TInput, TOutput}.ScoreAsync"/> call is written to a prediction log under a new
    /// <see cref="PredictionId"/>, and decisions are explained when they are made: every one
    /// (<see cref="PredictionLogScorerOptions.ExplainEveryDecision"/>), or those scored with
    /// <see cref="IPredictionLoggingScorer{TInput, TOutput}.ScoreAndExplainAsync"/>.
    /// </summary>
    /// <typeparam name="TInput">The input type.</typeparam>
    /// <typeparam name="TOutput">The output type.</typeparam>
    /// <param name="scorer">The scorer, from <see cref="IModelScorerFactory"/>.</param>
    /// <param name="sink">The prediction log (for example ModelOps.Sdk.Routing's JSON-lines sink, which redacts personal data from
    /// inputs and explanations).</param>
    /// <param name="options">The clock, the seed, and the explainer.</param>
    /// <returns>The logging scorer; disposing it waits for the explanations still running, then disposes <paramref name="scorer"/>.</returns>
    /// <remarks>
    /// <para>
    /// An explanation is computed by the loaded version that made the decision (the one the scorer serves, under a lease, or the
    /// same version loaded again when the scorer has moved on), on the input as JSON scoring reads it, and logged in the
    /// decision's record (<see cref="PredictionLogRecord.Explanation"/>) with the reason codes of the version's table. An explainer
    /// that fails never fails the decision: the failure is counted (<see cref="IPredictionLoggingScorer{TInput, TOutput}.ExplanationsFailed"/>),
    /// logged, and the record says why the explanation is missing (<see cref="PredictionLogRecord.ExplanationUnavailable"/>).
    /// </para>
    /// <para>With explanations off (the default) the call costs what <see cref="WithPredictionLog{TInput, TOutput}(IModelScorer{TInput, TOutput}, IPredictionLogSink, TimeProvider?, long?)"/>'s does.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException">The scorer, the sink or the options are null.</exception>
    /// <exception cref="ArgumentException">The options are invalid: <see cref="PredictionLogScorerOptions.ExplainEveryDecision"/>
    /// without an <see cref="PredictionLogScorerOptions.Explainer"/>, or <see cref="PredictionLogScorerOptions.MaxPendingExplanations"/> below 1.</exception>
    public static IPredictionLoggingScorer<TInput, TOutput> WithPredictionLog<TInput, TOutput>(this IModelScorer<TInput, TOutput> scorer, IPredictionLogSink sink, PredictionLogScorerOptions options)
        where TInput : class
        where TOutput : class
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(options);
        if (options.ExplainEveryDecision && options.Explainer is null)
        {
            throw new ArgumentException(
                "PredictionLogScorerOptions.ExplainEveryDecision is true but Explainer is null: set Explainer to the IDecisionExplainer from the service provider.", nameof(options));
        }

        if (options.MaxPendingExplanations < 1)
        {
            throw new ArgumentException(
                $"PredictionLogScorerOptions.MaxPendingExplanations is {options.MaxPendingExplanations}; give at least 1.", nameof(options));
        }

        return new PredictionLoggingScorer<TInput, TOutput>(scorer, sink, options.TimeProvider ?? TimeProvider.System, Seed(options.Seed), options);
    }

    private static ulong Seed(long? seed) => seed is { } s ? unchecked((ulong)s) : BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
}
