using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Explanations;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Schema;

namespace ModelOps.Sdk.Onnx.Tests.Explanations;

/// <summary>
/// ONNX versions are explained by occlusion against their reference profile: a graph linear in its inputs gets w (x - median) for
/// each input it reads, and exactly 0 for an input it ignores.
/// </summary>
public sealed class OnnxOcclusionTests(CreditModel credit) : IClassFixture<CreditModel>
{
    [Fact]
    public async Task ExplainVersionAsync_MLNetExportWithFloat32Outputs_ExplainsTheScoreAgainstTheReference()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory().AddOnnx();
        await using var provider = services.BuildServiceProvider();
        var registry = provider.GetRequiredService<IModelRegistry>();
        await registry.RegisterAsync(new ModelVersionRegistration { ModelName = "credit", Flavor = "onnx", Artifact = new MemoryStream(credit.OnnxBytes) });
        var profile = new MonitoringSchemaBuilder<CreditInput, CreditInput>()
            .AddNumericInput("Age", r => r.Age).AddNumericInput("Income", r => r.Income).AddCategoricalInput("Segment", r => r.Segment)
            .Build()
            .FitReference(credit.Rows, credit.Rows);
        await registry.SaveReferenceProfileAsync("credit", 1, profile);
        var row = CreditModel.Generate(1, seed: 77)[0];
        await using var loaded = await provider.GetRequiredService<ModelOps.Sdk.Scoring.IModelScorerFactory>().LoadAsync("credit", 1);
        var expected = loaded.CreatePredictor<CreditFeatures, CreditPrediction>().Predict(CreditModel.ToFeatures(row));

        var explanation = await provider.GetRequiredService<IDecisionExplainer>().ExplainAsync(loaded,
            JsonSerializer.SerializeToElement(new { age = row.Age, income = row.Income, history = row.History, segment = row.Segment }));

        // The first numeric scalar output (PredictedLabel.output is a Boolean, which is not chosen by default).
        Assert.Equal("Score.output", explanation.Output);
        Assert.Equal(expected.Score, explanation.OutputValue!.Value, 1e-5);
        Assert.Equal(["Age", "Income", "Segment"], explanation.Contributions.Select(c => c.Feature).Order(StringComparer.Ordinal));
        Assert.Contains(explanation.Contributions, c => c.Contribution != 0);
    }

    [Fact]
    public async Task ExplainVersionAsync_LinearGraphWithAnIgnoredInput_GivesWeightTimesDistanceToMedianAnd0ToTheIgnoredInput()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory().AddOnnx();
        await using var provider = services.BuildServiceProvider();
        var registry = provider.GetRequiredService<IModelRegistry>();
        var explainer = provider.GetRequiredService<IDecisionExplainer>();
        // y = 1.5 a - 0.25 b + 2; c is a graph input no node reads.
        await registry.RegisterAsync(new ModelVersionRegistration { ModelName = "dti", Flavor = "onnx", Artifact = new MemoryStream(LinearGraph.Write(1.5, -0.25, 2)) });
        var random = new Random(4);
        var rows = Enumerable.Range(0, 200).Select(_ => (A: random.NextDouble() * 10, B: random.NextDouble() * 100, C: random.NextDouble())).ToArray();
        var profile = new MonitoringSchemaBuilder<(double A, double B, double C), (double A, double B, double C)>()
            .AddNumericInput("a", r => r.A).AddNumericInput("b", r => r.B).AddNumericInput("c", r => r.C)
            .Build()
            .FitReference(rows, rows);
        await registry.SaveReferenceProfileAsync("dti", 1, profile);
        var medians = profile.ToSummary().Baselines.ToDictionary(b => b.Name, b => b.Median!.Value);

        var explanation = await explainer.ExplainVersionAsync("dti", 1, JsonDocument.Parse("""{ "a": [7.5], "b": [12], "c": [0.9] }""").RootElement);

        Assert.Equal(ExplanationMethod.Occlusion, explanation.Method);
        Assert.Equal("y", explanation.Output);
        Assert.Equal((1.5 * 7.5) - (0.25 * 12) + 2, explanation.OutputValue!.Value, 9);
        Assert.Equal(1.5 * (7.5 - medians["a"]), Contribution(explanation, "a"), 9);
        Assert.Equal(-0.25 * (12 - medians["b"]), Contribution(explanation, "b"), 9);
        Assert.Equal(0, Contribution(explanation, "c"));
        Assert.Equal((1.5 * medians["a"]) - (0.25 * medians["b"]) + 2, explanation.BaselineOutputValue!.Value, 9);
    }

    private static double Contribution(DecisionExplanation explanation, string feature) =>
        Assert.Single(explanation.Contributions, c => c.Feature == feature).Contribution;

    /// <summary>
    /// Writes a float64 ONNX graph <c>y = wa * a + wb * b + bias</c> with a third input <c>c</c> that no node reads (the protobuf
    /// wire format of onnx.proto, by hand: ModelProto, GraphProto, NodeProto, TensorProto, ValueInfoProto).
    /// </summary>
    private static class LinearGraph
    {
        private const int Double = 11;

        public static byte[] Write(double wa, double wb, double bias)
        {
            byte[] graph =
            [
                .. Field(1, Node("Mul", "a", "wa", "ta")),
                .. Field(1, Node("Mul", "b", "wb", "tb")),
                .. Field(1, Node("Add", "ta", "tb", "s")),
                .. Field(1, Node("Add", "s", "bias", "y")),
                .. Text(2, "linear"),
                .. Field(5, Scalar("wa", wa)),
                .. Field(5, Scalar("wb", wb)),
                .. Field(5, Scalar("bias", bias)),
                .. Field(11, Value("a")),
                .. Field(11, Value("b")),
                .. Field(11, Value("c")),
                .. Field(12, Value("y")),
            ];
            return [.. Varint(1, 8), .. Field(7, graph), .. Field(8, [.. Text(1, string.Empty), .. Varint(2, 17)])];
        }

        private static byte[] Node(string op, string left, string right, string output) =>
            [.. Text(1, left), .. Text(1, right), .. Text(2, output), .. Text(3, output), .. Text(4, op)];

        private static byte[] Scalar(string name, double value) =>
            [.. Varint(1, 1), .. Varint(2, Double), .. Text(8, name), .. Field(9, BitConverter.GetBytes(value))];

        private static byte[] Value(string name) =>
            [.. Text(1, name), .. Field(2, Field(1, [.. Varint(1, Double), .. Field(2, Field(1, Varint(1, 1)))]))];

        private static byte[] Text(int number, string value) => Field(number, Encoding.UTF8.GetBytes(value));

        private static byte[] Field(int number, byte[] payload) => [.. Raw((ulong)((number << 3) | 2)), .. Raw((ulong)payload.Length), .. payload];

        private static byte[] Varint(int number, long value) => [.. Raw((ulong)(number << 3)), .. Raw((ulong)value)];

        private static byte[] Raw(ulong value)
        {
            var bytes = new List<byte>();
            do
            {
                var b = (byte)(value & 0x7F);
                value >>= 7;
                bytes.Add(value == 0 ? b : (byte)(b | 0x80));
            }
            while (value != 0);
            return [.. bytes];
        }
    }
}
