using System.Globalization;
using System.Text;
using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.ProcessHost.Flavors;

/// <summary>Input of <see cref="OffsetFlavor"/>.</summary>
public sealed class OffsetInput
{
    public double Value { get; set; }
}

/// <summary>Output of <see cref="OffsetFlavor"/>.</summary>
public sealed class OffsetOutput
{
    public double Value { get; set; }
}

/// <summary>
/// A tiny custom flavor, so a scorer can serve versions: the artifact is a number as text, and a prediction adds it to the input.
/// The process host registers it, and the PostgreSQL and fleet tests compile this file in too (linked), so both sides score alike.
/// </summary>
public sealed class OffsetFlavor : IModelFlavor
{
    public string Name => "offset";

    public ValueTask<FlavorInspection> InspectAsync(ModelArtifact artifact, CancellationToken cancellationToken = default)
    {
        _ = Parse(artifact);
        return ValueTask.FromResult(new FlavorInspection(new ModelSignature([new SignatureField("value", "float64")], [new SignatureField("value", "float64")])));
    }

    public ValueTask<ILoadedModel> LoadAsync(ModelArtifact artifact, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<ILoadedModel>(new Loaded(artifact.Version!, Parse(artifact)));

    private double Parse(ModelArtifact artifact) =>
        double.TryParse(Encoding.UTF8.GetString(artifact.Content.Span), NumberStyles.Float, CultureInfo.InvariantCulture, out var offset)
            ? offset
            : throw new InvalidModelArtifactException(artifact.ModelName, artifact.Version?.Version, Name, null, "the artifact must be a number");

    private sealed class Loaded(ModelVersion version, double offset) : ILoadedModel, IModelPredictor<OffsetInput, OffsetOutput>
    {
        public ModelVersion Version => version;

        public IModelPredictor<TInput, TOutput> CreatePredictor<TInput, TOutput>()
            where TInput : class
            where TOutput : class =>
            this as IModelPredictor<TInput, TOutput> ?? throw new ModelSignatureMismatchException(version.ModelName, version.Version, "value", "use OffsetInput and OffsetOutput");

        public OffsetOutput Predict(OffsetInput input) => new() { Value = input.Value + offset };

        public void PredictBatch(ReadOnlySpan<OffsetInput> inputs, Span<OffsetOutput> outputs)
        {
            for (var i = 0; i < inputs.Length; i++)
            {
                outputs[i] = Predict(inputs[i]);
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
