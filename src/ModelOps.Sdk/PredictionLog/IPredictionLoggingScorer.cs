namespace ModelOps.Sdk.Scoring;

/// <summary>
/// A scorer that writes its decisions to a prediction log, and can explain a decision as it makes it. Returned by
/// <see cref="PredictionLogScorerExtensions.WithPredictionLog{TInput, TOutput}(IModelScorer{TInput, TOutput}, Predictions.IPredictionLogSink, PredictionLogScorerOptions)"/>.
/// </summary>
/// <typeparam name="TInput">The input type.</typeparam>
/// <typeparam name="TOutput">The output type.</typeparam>
public interface IPredictionLoggingScorer<TInput, TOutput> : IModelScorer<TInput, TOutput>
    where TInput : class
    where TOutput : class
{
    /// <summary>Gets how many explanations that were asked for failed (each is logged and its record says why).</summary>
    long ExplanationsFailed { get; }

    /// <summary>Gets how many decisions were logged without the explanation asked for because too many were pending.</summary>
    long ExplanationsSkipped { get; }

    /// <summary>
    /// Scores one input, explains the decision with the loaded version that made it, logs both under a new id, and returns them:
    /// the per-call way to explain a decision at the moment it is made (for example to tell a declined applicant why).
    /// </summary>
    /// <param name="input">The input.</param>
    /// <param name="cancellationToken">A token to cancel waiting for the first load or the explanation's reads.</param>
    /// <returns>The prediction with its id, and its explanation or why there is none.</returns>
    /// <exception cref="InvalidOperationException">The scorer was wrapped without an explainer (<see cref="PredictionLogScorerOptions.Explainer"/>).</exception>
    /// <exception cref="InvalidModelInputException">The input is null or a field is invalid (nothing is logged).</exception>
    /// <remarks>An explainer that fails does not fail the call: the prediction is returned and logged, and
    /// <see cref="ExplainedPrediction{TOutput}.ExplanationUnavailable"/> says why there is no explanation.</remarks>
    ValueTask<ExplainedPrediction<TOutput>> ScoreAndExplainAsync(TInput input, CancellationToken cancellationToken = default);
}
