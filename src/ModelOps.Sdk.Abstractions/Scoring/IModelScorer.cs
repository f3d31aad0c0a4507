namespace ModelOps.Sdk.Scoring;

/// <summary>
/// Scores typed inputs with the version an alias points to (following the alias as it moves) or with a pinned version.
/// </summary>
/// <typeparam name="TInput">The input type.</typeparam>
/// <typeparam name="TOutput">The output type.</typeparam>
/// <remarks>
/// <para>
/// When the alias moves, the new version is loaded in the background, checked (its signature against
/// <typeparamref name="TInput"/> and <typeparamref name="TOutput"/>, and one smoke score of its registered input example), and then
/// replaces the old one atomically. Calls in flight finish on the old version, which is disposed once they have drained. A failed
/// load keeps the old version serving, is logged and shown in <see cref="Status"/>, and the scorer keeps watching. No call fails
/// or waits because of a swap.
/// </para>
/// <para>All members are thread-safe. Dispose the scorer to stop watching and release the loaded version.</para>
/// </remarks>
public interface IModelScorer<TInput, TOutput> : IAsyncDisposable
    where TInput : class
    where TOutput : class
{
    /// <summary>Gets the model's name.</summary>
    string ModelName { get; }

    /// <summary>Gets the alias followed, or <see langword="null"/> for a pinned version.</summary>
    string? AliasName { get; }

    /// <summary>Gets what is serving and how the last load went.</summary>
    ScorerStatus Status { get; }

    /// <summary>Scores one input. Before the first version has loaded, waits for it.</summary>
    /// <param name="input">The input.</param>
    /// <returns>The prediction and the version that made it.</returns>
    /// <exception cref="InvalidModelInputException">The input is null or a field is invalid.</exception>
    /// <exception cref="ModelLoadException">No version could be loaded yet.</exception>
    ScoredPrediction<TOutput> Score(TInput input);

    /// <summary>Scores one input, waiting asynchronously for the first version to load if needed.</summary>
    /// <param name="input">The input.</param>
    /// <param name="cancellationToken">A token to cancel waiting for the first load.</param>
    /// <returns>The prediction and the version that made it.</returns>
    ValueTask<ScoredPrediction<TOutput>> ScoreAsync(TInput input, CancellationToken cancellationToken = default);

    /// <summary>Scores a batch with one version (all outputs come from the same version).</summary>
    /// <param name="inputs">The inputs.</param>
    /// <param name="outputs">Receives one output per input; at least as long as <paramref name="inputs"/>.</param>
    /// <returns>The version that scored the batch.</returns>
    ServedModel ScoreBatch(ReadOnlySpan<TInput> inputs, Span<TOutput> outputs);

    /// <summary>Resolves the alias again and loads its version now (a pinned scorer reloads its version).</summary>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The version serving afterwards.</returns>
    /// <exception cref="ModelLoadException">The version could not be loaded; the previous one keeps serving.</exception>
    Task<ServedModel> ReloadAsync(CancellationToken cancellationToken = default);
}
