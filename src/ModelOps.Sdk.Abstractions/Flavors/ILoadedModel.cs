using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Flavors;

/// <summary>
/// A model version loaded into memory by its flavor, ready to create predictors for typed inputs and outputs.
/// </summary>
/// <remarks>
/// Disposing it releases the engine (sessions, native memory, pooled engines). The scoring host disposes a version only after the
/// last call that used it has finished. Implementations must be thread-safe.
/// </remarks>
public interface ILoadedModel : IAsyncDisposable
{
    /// <summary>Gets the version that is loaded.</summary>
    ModelVersion Version { get; }

    /// <summary>
    /// Creates a thread-safe predictor from <typeparamref name="TInput"/> to <typeparamref name="TOutput"/>, checking that the types
    /// match the model's signature. Everything that needs reflection happens here, once, never per call.
    /// </summary>
    /// <typeparam name="TInput">The input type.</typeparam>
    /// <typeparam name="TOutput">The output type.</typeparam>
    /// <returns>The predictor; valid until this loaded model is disposed.</returns>
    /// <exception cref="ModelSignatureMismatchException">The types do not match the signature; the message names the field.</exception>
    IModelPredictor<TInput, TOutput> CreatePredictor<TInput, TOutput>()
        where TInput : class
        where TOutput : class;
}
