using System.Reflection;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.MLNet;

/// <summary>
/// Creates pooled predictors for a pair of types. ML.NET's <c>PredictionEngine&lt;TSrc, TDst&gt;</c> requires
/// <c>TDst : class, new()</c>, which <see cref="Flavors.ILoadedModel.CreatePredictor{TInput, TOutput}"/> cannot promise, so the
/// constrained <see cref="MLNetLoadedModel.CreatePooledPredictor{TInput, TOutput}"/> is bound by reflection once per closed type
/// pair and cached here as a delegate; predictions themselves never reflect.
/// </summary>
internal static class PredictorFactory<TInput, TOutput>
    where TInput : class
    where TOutput : class
{
    /// <summary>Gets the factory, or <see langword="null"/> when <typeparamref name="TOutput"/> has no public parameterless constructor.</summary>
    public static Func<MLNetLoadedModel, IReadOnlyList<FixedSizeVectorMember>, IModelPredictor<TInput, TOutput>>? Create { get; } = Build();

    private static Func<MLNetLoadedModel, IReadOnlyList<FixedSizeVectorMember>, IModelPredictor<TInput, TOutput>>? Build()
    {
        var output = typeof(TOutput);
        if (output.IsAbstract || output.GetConstructor(Type.EmptyTypes) is null)
        {
            return null;
        }

        return typeof(MLNetLoadedModel)
            .GetMethod(nameof(MLNetLoadedModel.CreatePooledPredictor), BindingFlags.NonPublic | BindingFlags.Instance)!
            .MakeGenericMethod(typeof(TInput), output)
            .CreateDelegate<Func<MLNetLoadedModel, IReadOnlyList<FixedSizeVectorMember>, IModelPredictor<TInput, TOutput>>>();
    }
}
