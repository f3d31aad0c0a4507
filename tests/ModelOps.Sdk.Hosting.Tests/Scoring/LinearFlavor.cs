using System.Text.Json;
using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Hosting.Tests.Scoring;

/// <summary>Input of the test flavor: a feature vector.</summary>
public sealed class LinearInput
{
    public double[] Features { get; set; } = [];
}

/// <summary>Output of the test flavor.</summary>
public sealed class LinearOutput
{
    public double Score { get; set; }
}

/// <summary>
/// A custom flavor, as a user would write one for a kind of model the SDK does not ship: a linear scorer stored as JSON
/// <c>{"weights":[...],"bias":0.5}</c>. It checks artifacts, captures the signature, loads, creates predictors and counts disposals.
/// </summary>
public sealed class LinearFlavor : IModelFlavor
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
    private int _loaded;
    private int _disposed;

    public string Name => "linear";

    public int Loaded => Volatile.Read(ref _loaded);

    public int Disposed => Volatile.Read(ref _disposed);

    /// <summary>When set, predictors wait on it before answering (to hold calls in flight).</summary>
    public ManualResetEventSlim? Gate { get; set; }

    /// <summary>Completes when a predictor has entered <see cref="Gate"/>.</summary>
    public TaskCompletionSource? Entered { get; set; }

    /// <summary>When set, predictors call it inside each prediction (to score another model from within a call).</summary>
    public Action<LinearInput>? OnPredict { get; set; }

    /// <summary>Completes with a version number each time a loaded version is disposed.</summary>
    public event Action<int>? VersionDisposed;

    public ValueTask<FlavorInspection> InspectAsync(ModelArtifact artifact, CancellationToken cancellationToken = default)
    {
        var model = Parse(artifact);
        return ValueTask.FromResult(new FlavorInspection(Signature(model.Weights.Length)));
    }

    public ValueTask<ILoadedModel> LoadAsync(ModelArtifact artifact, CancellationToken cancellationToken = default)
    {
        var model = Parse(artifact);
        if (model.FailOnLoad)
        {
            throw new InvalidModelArtifactException(artifact.ModelName, artifact.Version?.Version, Name, "failOnLoad", "the model asks to fail when loaded");
        }

        Interlocked.Increment(ref _loaded);
        return ValueTask.FromResult<ILoadedModel>(new LoadedLinearModel(this, artifact.Version!, model));
    }

    public static ModelSignature Signature(int features) => new(
        [new SignatureField("features", "float64", [features])],
        [new SignatureField("score", "float64")]);

    private LinearModel Parse(ModelArtifact artifact)
    {
        try
        {
            var model = JsonSerializer.Deserialize<LinearModel>(artifact.Content.Span, JsonOptions);
            if (model?.Weights is not { Length: > 0 })
            {
                throw new InvalidModelArtifactException(artifact.ModelName, artifact.Version?.Version, Name, "weights", "at least one weight is required");
            }

            return model;
        }
        catch (JsonException ex)
        {
            throw new InvalidModelArtifactException(artifact.ModelName, artifact.Version?.Version, Name, ex.Path, "not a linear model JSON document", ex);
        }
    }

    public sealed class LinearModel
    {
        public double[] Weights { get; set; } = [];

        public double Bias { get; set; }

        public bool FailOnLoad { get; set; }
    }

    private sealed class LoadedLinearModel(LinearFlavor flavor, ModelVersion version, LinearModel model) : ILoadedModel
    {
        public ModelVersion Version => version;

        public IModelPredictor<TInput, TOutput> CreatePredictor<TInput, TOutput>()
            where TInput : class
            where TOutput : class
        {
            if (typeof(TInput) != typeof(LinearInput))
            {
                throw new ModelSignatureMismatchException(version.ModelName, version.Version, "features", $"{typeof(TInput).Name} has no double[] Features");
            }

            if (typeof(TOutput) != typeof(LinearOutput))
            {
                throw new ModelSignatureMismatchException(version.ModelName, version.Version, "score", $"{typeof(TOutput).Name} has no double Score");
            }

            return (IModelPredictor<TInput, TOutput>)(object)new Predictor(flavor, this, model);
        }

        private volatile bool _isDisposed;

        public bool IsDisposed => _isDisposed;

        public ValueTask DisposeAsync()
        {
            _isDisposed = true;
            Interlocked.Increment(ref flavor._disposed);
            flavor.VersionDisposed?.Invoke(version.Version);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class Predictor(LinearFlavor flavor, LoadedLinearModel loaded, LinearModel model) : IModelPredictor<LinearInput, LinearOutput>
    {
        public LinearOutput Predict(LinearInput input)
        {
            var version = loaded.Version;
            ObjectDisposedException.ThrowIf(loaded.IsDisposed, loaded);
            if (input is null)
            {
                throw new InvalidModelInputException(version.ModelName, version.Version, null, "the input is null");
            }

            if (input.Features.Length != model.Weights.Length)
            {
                throw new InvalidModelInputException(version.ModelName, version.Version, "features", $"expected {model.Weights.Length} values, got {input.Features.Length}");
            }

            if (flavor.Gate is { } gate)
            {
                flavor.Entered?.TrySetResult();
                gate.Wait();
            }

            flavor.OnPredict?.Invoke(input);
            var score = model.Bias;
            for (var i = 0; i < model.Weights.Length; i++)
            {
                score += model.Weights[i] * input.Features[i];
            }

            // A version disposed while a call still runs on it is the bug hot swap must never have.
            ObjectDisposedException.ThrowIf(loaded.IsDisposed, loaded);
            return new LinearOutput { Score = score };
        }

        public void PredictBatch(ReadOnlySpan<LinearInput> inputs, Span<LinearOutput> outputs)
        {
            for (var i = 0; i < inputs.Length; i++)
            {
                outputs[i] = Predict(inputs[i]);
            }
        }
    }
}
