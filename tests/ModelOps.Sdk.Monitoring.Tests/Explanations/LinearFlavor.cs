using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Monitoring.Tests.Explanations;

/// <summary>
/// A custom flavor whose artifact is a linear model, <c>{ "bias": b, "weights": { "a": w_a, ... } }</c>: score = b + sum w_i x_i over
/// JSON inputs, plus an optional categorical input <c>segment</c> that adds <c>segmentBonus</c> when it is <c>"gold"</c>. It scores
/// JSON only, so the explainer must fall back to occlusion.
/// </summary>
internal sealed class LinearFlavor : IModelFlavor
{
    public const string FlavorName = "linear";

    public string Name => FlavorName;

    public static byte[] Artifact(double bias, IReadOnlyDictionary<string, double> weights, double segmentBonus = 0) =>
        Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { bias, weights, segmentBonus }));

    public ValueTask<FlavorInspection> InspectAsync(ModelArtifact artifact, CancellationToken cancellationToken = default)
    {
        var model = Parse(artifact);
        var inputs = model.Weights.Keys.Select(k => new SignatureField(k, "float64")).Append(new SignatureField("segment", "string", IsOptional: true));
        return ValueTask.FromResult(new FlavorInspection(new ModelSignature([.. inputs], [new SignatureField("label", "string"), new SignatureField("score", "float64")])));
    }

    public ValueTask<ILoadedModel> LoadAsync(ModelArtifact artifact, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<ILoadedModel>(new Loaded(artifact.Version!, Parse(artifact)));

    private static Definition Parse(ModelArtifact artifact) =>
        JsonSerializer.Deserialize<Definition>(artifact.Content.Span, JsonSerializerOptions.Web) ?? throw new InvalidModelArtifactException(artifact.ModelName, null, FlavorName, null, "the artifact is null");

    private sealed record Definition(double Bias, Dictionary<string, double> Weights, double SegmentBonus);

    private sealed class Loaded(ModelVersion version, Definition model) : IJsonScoringModel
    {
        public ModelVersion Version { get; } = version;

        public IModelPredictor<TInput, TOutput> CreatePredictor<TInput, TOutput>()
            where TInput : class
            where TOutput : class => throw new NotSupportedException("JSON only");

        public JsonObject ScoreJson(JsonElement input)
        {
            var score = model.Bias;
            foreach (var (name, weight) in model.Weights)
            {
                score += weight * JsonModelFields.ReadDouble(JsonModelFields.GetRequiredField(input, name, Version), name, Version);
            }

            if (JsonModelFields.TryGetField(input, "segment", Version, out var segment) && segment.ValueKind == JsonValueKind.String && segment.GetString() == "gold")
            {
                score += model.SegmentBonus;
            }

            return new JsonObject { ["label"] = score > 0 ? "approve" : "decline", ["score"] = score };
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
