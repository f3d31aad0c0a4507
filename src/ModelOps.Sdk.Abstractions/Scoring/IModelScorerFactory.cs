namespace ModelOps.Sdk.Scoring;

/// <summary>
/// Creates scorers. Resolve it from dependency injection after <c>services.AddModelOps()</c> and the flavors you use.
/// </summary>
public interface IModelScorerFactory
{
    /// <summary>Creates a scorer that follows an alias, and loads the version it points to.</summary>
    /// <typeparam name="TInput">The input type.</typeparam>
    /// <typeparam name="TOutput">The output type.</typeparam>
    /// <param name="modelName">The model.</param>
    /// <param name="aliasName">The alias to follow, for example <c>champion</c>.</param>
    /// <param name="cancellationToken">A token to cancel the first load.</param>
    /// <returns>The scorer, serving; dispose it when done.</returns>
    /// <exception cref="ModelLoadException">The first version could not be loaded.</exception>
    Task<IModelScorer<TInput, TOutput>> CreateScorerAsync<TInput, TOutput>(string modelName, string aliasName, CancellationToken cancellationToken = default)
        where TInput : class
        where TOutput : class;

    /// <summary>Creates a scorer pinned to one version.</summary>
    /// <typeparam name="TInput">The input type.</typeparam>
    /// <typeparam name="TOutput">The output type.</typeparam>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The version.</param>
    /// <param name="cancellationToken">A token to cancel the load.</param>
    /// <returns>The scorer, serving; dispose it when done.</returns>
    /// <exception cref="ModelLoadException">The version could not be loaded.</exception>
    Task<IModelScorer<TInput, TOutput>> CreatePinnedScorerAsync<TInput, TOutput>(string modelName, int version, CancellationToken cancellationToken = default)
        where TInput : class
        where TOutput : class;

    /// <summary>Loads a version once, without following anything (for batch jobs, parity checks and tests).</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The version.</param>
    /// <param name="cancellationToken">A token to cancel the load.</param>
    /// <returns>The loaded model; dispose it when done.</returns>
    Task<Flavors.ILoadedModel> LoadAsync(string modelName, int version, CancellationToken cancellationToken = default);
}
