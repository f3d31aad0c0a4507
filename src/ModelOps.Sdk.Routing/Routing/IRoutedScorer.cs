using ModelOps.Sdk.Routing.Experiments;

namespace ModelOps.Sdk.Routing;

/// <summary>
/// Scores typed inputs through an experiment: each call is answered by the champion or, when enrolled and assigned, by a
/// challenger, and every answer says which arm and version made it and carries a self-describing prediction id.
/// </summary>
/// <typeparam name="TInput">The input type.</typeparam>
/// <typeparam name="TOutput">The output type.</typeparam>
/// <remarks>
/// <para>Created by <see cref="IRoutedScorerFactory"/>. All members are thread-safe. The routing decision allocates nothing.</para>
/// <para>
/// A live challenger that throws, or answers later than <see cref="ExperimentDefinition.ChallengerTimeout"/>, is counted as a
/// failure of the challenger and the champion answers within the same call. An exception of the champion reaches the caller.
/// </para>
/// <para>
/// The scorer follows its experiment's definition: changes made through this process's <see cref="Control.ExperimentController"/>
/// apply at once, changes made elsewhere within <see cref="RoutingOptions.DefinitionRefreshInterval"/>.
/// </para>
/// </remarks>
public interface IRoutedScorer<TInput, TOutput> : IAsyncDisposable
    where TInput : class
    where TOutput : class
{
    /// <summary>Gets the model.</summary>
    string ModelName { get; }

    /// <summary>Gets the definition revision routing calls now.</summary>
    ExperimentDefinition Definition { get; }

    /// <summary>Gets how many shadow calls were dropped because the shadow queue was full.</summary>
    long ShadowCallsDropped { get; }

    /// <summary>Gets how many explanations of logged decisions failed (<see cref="RoutingOptions.ExplainEveryDecision"/>; each
    /// failure is logged and its record says why).</summary>
    long ExplanationsFailed { get; }

    /// <summary>Gets how many decisions were logged without their explanation because
    /// <see cref="RoutingOptions.MaxPendingExplanations"/> were already running.</summary>
    long ExplanationsSkipped { get; }

    /// <summary>Scores one input.</summary>
    /// <param name="input">The input.</param>
    /// <param name="entityKey">
    /// The entity the call is about (a customer id), for sticky assignment; <see langword="null"/> assigns the call at random.
    /// </param>
    /// <returns>The prediction, its arm, version and id.</returns>
    /// <exception cref="InvalidModelInputException">The champion refused the input.</exception>
    RoutedPrediction<TOutput> Score(TInput input, string? entityKey = null);

    /// <summary>Scores one input; completes synchronously (in-process scoring does no I/O).</summary>
    /// <param name="input">The input.</param>
    /// <param name="entityKey">The entity key for sticky assignment, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">A token checked before scoring.</param>
    /// <returns>The prediction, its arm, version and id.</returns>
    ValueTask<RoutedPrediction<TOutput>> ScoreAsync(TInput input, string? entityKey = null, CancellationToken cancellationToken = default);

    /// <summary>Reads the experiment's definition from the registry now and applies it if it changed.</summary>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The definition routing calls afterwards.</returns>
    Task<ExperimentDefinition> RefreshAsync(CancellationToken cancellationToken = default);
}
