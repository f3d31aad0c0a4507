using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.ML;
using ModelOps.Sdk.Explanations;
using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.MLNet;

/// <summary>
/// An ML.NET model loaded for scoring: its <see cref="MLContext"/>, <see cref="ITransformer"/> and input schema, and the predictors
/// created from it (each with its own engine pool, disposed with the model).
/// </summary>
internal sealed partial class MLNetLoadedModel : IExplainableModel
{
    private readonly List<IDisposable> predictors = [];
    private readonly HashSet<string>? requiredInputs;
    // Built on the first explanation only: hosts that never explain never pay for it.
    private readonly Lazy<FeatureContributionExplainer?> contributions;
    private int disposed;

    public MLNetLoadedModel(ModelVersion version, MLContext context, ITransformer transformer, DataViewSchema inputSchema)
    {
        Version = version;
        Context = context;
        Transformer = transformer;
        InputSchema = inputSchema;
        OutputSchema = transformer.GetOutputSchema(inputSchema);
        Signature = MLNetSchemaReader.ReadSignature(transformer, inputSchema);
        requiredInputs = MLNetSchemaReader.RequiredInputs(transformer, inputSchema, Signature.Outputs.Select(f => f.Name));
        contributions = new Lazy<FeatureContributionExplainer?>(() => FeatureContributionExplainer.TryCreate(this));
    }

    /// <inheritdoc />
    public ModelVersion Version { get; }

    /// <summary>Gets the context the model was loaded with.</summary>
    internal MLContext Context { get; }

    /// <summary>Gets the loaded transformer.</summary>
    internal ITransformer Transformer { get; }

    /// <summary>Gets the schema the model was saved with.</summary>
    internal DataViewSchema InputSchema { get; }

    /// <summary>Gets the transformer's output schema for <see cref="InputSchema"/>.</summary>
    internal DataViewSchema OutputSchema { get; }

    /// <summary>Gets the signature read from the loaded model.</summary>
    internal ModelSignature Signature { get; }

    /// <inheritdoc />
    public IModelPredictor<TInput, TOutput> CreatePredictor<TInput, TOutput>()
        where TInput : class
        where TOutput : class
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        var fixedSizeVectors = ScoringTypeBinder.CheckInput(typeof(TInput), Version, InputSchema, requiredInputs);
        ScoringTypeBinder.CheckOutput(typeof(TOutput), Version, OutputSchema);

        // CheckOutput has verified the public parameterless constructor ML.NET needs, so the factory exists.
        return PredictorFactory<TInput, TOutput>.Create!(this, fixedSizeVectors);
    }

    /// <summary>Creates the pooled predictor once the types are checked; bound by reflection once per type pair (see <see cref="PredictorFactory{TInput, TOutput}"/>).</summary>
    internal IModelPredictor<TInput, TOutput> CreatePooledPredictor<TInput, TOutput>(IReadOnlyList<FixedSizeVectorMember> fixedSizeVectors)
        where TInput : class
        where TOutput : class, new()
    {
        PredictionEngine<TInput, TOutput> first;
        try
        {
            first = Context.Model.CreatePredictionEngine<TInput, TOutput>(Transformer);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException)
        {
            // ML.NET's own mapping found what the checks did not (for example a custom type the binder does not know).
            var column = ColumnInMessage().Match(ex.Message) is { Success: true } m ? m.Groups[1].Value : typeof(TInput).Name;
            throw new ModelSignatureMismatchException(Version.ModelName, Version.Version, column, $"ML.NET cannot map the types: {ex.Message.TrimEnd('.')}");
        }

        var predictor = new MLNetPredictor<TInput, TOutput>(Context, Transformer, Version, first, fixedSizeVectors);
        lock (predictors)
        {
            if (Volatile.Read(ref disposed) != 0)
            {
                predictor.Dispose();
                throw new ObjectDisposedException(GetType().FullName);
            }

            predictors.Add(predictor);
        }

        return predictor;
    }

    /// <inheritdoc />
    public JsonObject ScoreJson(JsonElement input)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        return MLNetJsonScorer.Score(this, requiredInputs, input);
    }

    /// <inheritdoc />
    /// <remarks>ML.NET's feature contribution calculation where the model's trainer supports it; otherwise <see langword="null"/>,
    /// and the explainer falls back to occlusion.</remarks>
    public DecisionExplanation? Explain(JsonElement input)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        return contributions.Value?.Explain(MLNetJsonScorer.InputView(this, requiredInputs, input));
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return ValueTask.CompletedTask;
        }

        IDisposable[] toDispose;
        lock (predictors)
        {
            toDispose = [.. predictors];
            predictors.Clear();
        }

        foreach (var predictor in toDispose)
        {
            predictor.Dispose();
        }

        (Transformer as IDisposable)?.Dispose();
        return ValueTask.CompletedTask;
    }

    [GeneratedRegex("[Cc]olumn '([^']+)'")]
    private static partial Regex ColumnInMessage();
}
