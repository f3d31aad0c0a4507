using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Routing.Tests;

/// <summary>Input of the test models: what targeting and sticky assignment look at.</summary>
public sealed class Applicant
{
    public string? Region { get; set; }

    public double Income { get; set; }

    public int? Age { get; set; }

    public bool Student { get; set; }
}

/// <summary>Output of the test models: a score that tells the versions apart.</summary>
public sealed class Decision
{
    public double Score { get; set; }
}

/// <summary>
/// A custom flavor whose artifact says how the version behaves: <c>{"score":0.2,"fails":false,"latencyMs":0,"gated":false}</c>.
/// A version with <c>latencyMs</c> advances the fake clock while it scores (a slow model, without sleeping); <c>fails</c> throws;
/// <c>gated</c> waits on <see cref="Gate"/> (to hold a shadow worker busy).
/// </summary>
public sealed class BehaviourFlavor(FakeTimeProvider time) : IModelFlavor
{
    public const string FlavorName = "behaviour";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => FlavorName;

    public ManualResetEventSlim Gate { get; } = new(false);

    /// <summary>Completes when a gated predictor starts waiting.</summary>
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static byte[] Artifact(double score, bool fails = false, int latencyMs = 0, bool gated = false) =>
        JsonSerializer.SerializeToUtf8Bytes(new Behaviour { Score = score, Fails = fails, LatencyMs = latencyMs, Gated = gated }, Json);

    public ValueTask<FlavorInspection> InspectAsync(ModelArtifact artifact, CancellationToken cancellationToken = default)
    {
        Parse(artifact);
        return ValueTask.FromResult(new FlavorInspection(ModelSignature.Empty));
    }

    public ValueTask<ILoadedModel> LoadAsync(ModelArtifact artifact, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<ILoadedModel>(new Loaded(this, artifact.Version!, Parse(artifact)));

    private static Behaviour Parse(ModelArtifact artifact) =>
        JsonSerializer.Deserialize<Behaviour>(artifact.Content.Span, Json)
        ?? throw new InvalidModelArtifactException(artifact.ModelName, artifact.Version?.Version, FlavorName, "$", "null document");

    public sealed class Behaviour
    {
        public double Score { get; set; }

        public bool Fails { get; set; }

        public int LatencyMs { get; set; }

        public bool Gated { get; set; }
    }

    private sealed class Loaded(BehaviourFlavor flavor, ModelVersion version, Behaviour behaviour) : ILoadedModel
    {
        public ModelVersion Version => version;

        public IModelPredictor<TInput, TOutput> CreatePredictor<TInput, TOutput>()
            where TInput : class
            where TOutput : class =>
            (IModelPredictor<TInput, TOutput>)(object)new Predictor(flavor, version, behaviour);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class Predictor(BehaviourFlavor flavor, ModelVersion version, Behaviour behaviour) : IModelPredictor<Applicant, Decision>
    {
        private readonly Decision _output = new() { Score = behaviour.Score };

        public Decision Predict(Applicant input)
        {
            if (input is null)
            {
                throw new InvalidModelInputException(version.ModelName, version.Version, "input", "is null");
            }

            if (behaviour.Gated)
            {
                flavor.Entered.TrySetResult();
                flavor.Gate.Wait();
            }

            if (behaviour.LatencyMs > 0)
            {
                flavor.Time.Advance(TimeSpan.FromMilliseconds(behaviour.LatencyMs));
            }

            if (behaviour.Fails)
            {
                throw new InvalidOperationException($"version {version.Version} is broken");
            }

            return _output;
        }

        public void PredictBatch(ReadOnlySpan<Applicant> inputs, Span<Decision> outputs)
        {
            for (var i = 0; i < inputs.Length; i++)
            {
                outputs[i] = Predict(inputs[i]);
            }
        }
    }

    internal FakeTimeProvider Time { get; } = time;
}
