using ModelOps.Sdk.Routing.Experiments;

namespace ModelOps.Sdk.Routing;

/// <summary>
/// Creates routed scorers. Resolve it from dependency injection after <c>services.AddModelOps()...AddRouting()</c>.
/// </summary>
public interface IRoutedScorerFactory
{
    /// <summary>
    /// Creates a routed scorer for an experiment stored in the registry (see <see cref="Control.ExperimentStore"/>), loads every
    /// arm, and follows the stored definition as it changes.
    /// </summary>
    /// <typeparam name="TInput">The input type.</typeparam>
    /// <typeparam name="TOutput">The output type.</typeparam>
    /// <param name="modelName">The model.</param>
    /// <param name="experimentName">The experiment.</param>
    /// <param name="outputScore">
    /// Turns an output into a number (a probability, a predicted value) so shadows can be compared with the champion on the same
    /// input; <see langword="null"/> records shadow calls, errors and latency only.
    /// </param>
    /// <param name="cancellationToken">A token to cancel loading.</param>
    /// <returns>The routed scorer; dispose it when done.</returns>
    /// <exception cref="ExperimentNotFoundException">The experiment is not stored for the model.</exception>
    /// <exception cref="InvalidExperimentDefinitionException">The definition is invalid, or its targeting does not fit <typeparamref name="TInput"/>.</exception>
    /// <exception cref="ModelLoadException">An arm's version could not be loaded.</exception>
    Task<IRoutedScorer<TInput, TOutput>> CreateAsync<TInput, TOutput>(string modelName, string experimentName, Func<TOutput, double>? outputScore = null, CancellationToken cancellationToken = default)
        where TInput : class
        where TOutput : class;

    /// <summary>
    /// Creates a routed scorer for a definition that is not stored (tests, one-off jobs). It does not follow any change; store the
    /// definition instead so every instance routes the same way.
    /// </summary>
    /// <typeparam name="TInput">The input type.</typeparam>
    /// <typeparam name="TOutput">The output type.</typeparam>
    /// <param name="definition">The definition.</param>
    /// <param name="outputScore">Turns an output into a number for shadow comparison, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">A token to cancel loading.</param>
    /// <returns>The routed scorer; dispose it when done.</returns>
    /// <exception cref="InvalidExperimentDefinitionException">The definition is invalid, or its targeting does not fit <typeparamref name="TInput"/>.</exception>
    /// <exception cref="ModelLoadException">An arm's version could not be loaded.</exception>
    Task<IRoutedScorer<TInput, TOutput>> CreateForDefinitionAsync<TInput, TOutput>(ExperimentDefinition definition, Func<TOutput, double>? outputScore = null, CancellationToken cancellationToken = default)
        where TInput : class
        where TOutput : class;
}
