namespace ModelOps.Sdk.Scoring;

/// <summary>
/// Scores inputs with one loaded model version. Created by <see cref="Flavors.ILoadedModel.CreatePredictor{TInput, TOutput}"/>.
/// </summary>
/// <typeparam name="TInput">The input type.</typeparam>
/// <typeparam name="TOutput">The output type.</typeparam>
/// <remarks>Implementations must be thread-safe: many threads call them at once.</remarks>
public interface IModelPredictor<TInput, TOutput>
    where TInput : class
    where TOutput : class
{
    /// <summary>Scores one input.</summary>
    /// <param name="input">The input.</param>
    /// <returns>The output.</returns>
    /// <exception cref="InvalidModelInputException">The input is null or a field is invalid; the message names the field.</exception>
    TOutput Predict(TInput input);

    /// <summary>Scores a batch of inputs, as one engine call where the engine allows it.</summary>
    /// <param name="inputs">The inputs.</param>
    /// <param name="outputs">Receives one output per input, in order; at least as long as <paramref name="inputs"/>.</param>
    /// <exception cref="InvalidModelInputException">An input is null or a field is invalid; the message names the field and position.</exception>
    void PredictBatch(ReadOnlySpan<TInput> inputs, Span<TOutput> outputs);
}
