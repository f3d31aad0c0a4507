using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ModelOps.Sdk.Flavors;

namespace ModelOps.Sdk.Onnx.Tests.Scoring;

/// <summary>ONNX versions score JSON inputs (<see cref="IJsonScoringModel"/>) as their typed predictors do, and refuse inputs JSON cannot build.</summary>
public sealed class JsonScoringTests(CreditModel model) : IClassFixture<CreditModel>
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Fact]
    public async Task ScoreJson_MLNetExportedModel_MatchesTheTypedPredictor()
    {
        await using var loaded = await model.LoadAsync();
        var scoring = Assert.IsAssignableFrom<IJsonScoringModel>(loaded);
        var predictor = loaded.CreatePredictor<CreditFeatures, CreditPrediction>();

        foreach (var row in CreditModel.Generate(20, seed: 45))
        {
            var json = JsonSerializer.Serialize(new { age = row.Age, income = row.Income, history = row.History, segment = row.Segment });
            var output = scoring.ScoreJson(Json(json));
            var expected = predictor.Predict(CreditModel.ToFeatures(row));

            Assert.Equal(expected.Probability, (float)output["Probability.output"]![0]![0]!, 1e-5);
            Assert.Equal(expected.PredictedLabel, (bool)output["PredictedLabel.output"]![0]![0]!);
        }
    }

    [Theory]
    [InlineData("""{ "Age": "old", "Income": 1, "History": [0, 0, 0], "Segment": "retail" }""", "Age[0]", "expected a number, found a string")]
    [InlineData("""{ "Age": 30, "Income": 1, "History": [0, 0], "Segment": "retail" }""", "History", "has 2 value(s), but the input's shape [?, 3] takes 3")]
    [InlineData("""{ "Age": 30, "Income": 1, "History": [[0, 0], [0]], "Segment": "retail" }""", "History", "ragged")]
    [InlineData("""{ "Age": 30, "Income": 1, "History": [0, 0, 0], "Segment": 5 }""", "Segment[0]", "expected a string, found a number")]
    public async Task ScoreJson_BadField_IsRefusedNamingTheField(string input, string field, string problem)
    {
        await using var loaded = await model.LoadAsync();

        var ex = Assert.Throws<InvalidModelInputException>(() => ((IJsonScoringModel)loaded).ScoreJson(Json(input)));

        Assert.Equal(field, ex.Field);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreJson_Float16Input_IsRefusedClearly()
    {
        await using var loaded = await LoadAsync(OnnxGraphs.Identity(OnnxGraphs.TensorType(OnnxGraphs.Float16, 1, 2)));

        var ex = Assert.Throws<ModelSignatureMismatchException>(() => ((IJsonScoringModel)loaded).ScoreJson(Json("""{ "x": [1, 2] }""")));

        Assert.Equal("x", ex.Field);
        Assert.Contains("graph input 'x' is a float16 tensor; JSON scoring builds float32, float64, int64, int32, string and bool tensors only", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreJson_SequenceInput_IsRefusedClearly()
    {
        await using var loaded = await LoadAsync(OnnxGraphs.Identity(OnnxGraphs.SequenceType(OnnxGraphs.TensorType(OnnxGraphs.Float32, 2))));

        var ex = Assert.Throws<ModelSignatureMismatchException>(() => ((IJsonScoringModel)loaded).ScoreJson(Json("""{ "x": [[1, 2]] }""")));

        Assert.Equal("x", ex.Field);
        Assert.Contains("graph input 'x' is a sequence; JSON scoring builds only tensors", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreJson_Float32Identity_ReturnsTheShapeGiven()
    {
        await using var loaded = await LoadAsync(OnnxGraphs.Identity(OnnxGraphs.TensorType(OnnxGraphs.Float32, -1, 2)));

        var output = ((IJsonScoringModel)loaded).ScoreJson(Json("""{ "x": [[1, 2], [3, 4.5]] }"""));

        Assert.Equal("""{"y":[[1,2],[3,4.5]]}""", output.ToJsonString());
    }

    private static async Task<ILoadedModel> LoadAsync(byte[] onnx)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(onnx));
        var version = new ModelVersion { ModelName = "m", Version = 1, Flavor = "onnx", Artifact = new ArtifactFile("model.onnx", sha, onnx.Length), RegisteredBy = "tests" };
        return await CreditModel.CreateFlavor().LoadAsync(new ModelArtifact("m", "onnx", sha, onnx, version: version));
    }

    /// <summary>
    /// Writes minimal ONNX models (the protobuf wire format of onnx.proto, by hand): one Identity node from <c>x</c> to <c>y</c> of a
    /// given type, which is enough for ONNX Runtime to load a graph whose input JSON scoring must refuse.
    /// </summary>
    private static class OnnxGraphs
    {
        public const int Float32 = 1;
        public const int Float16 = 10;

        public static byte[] TensorType(int elementType, params long[] dims)
        {
            var shape = new List<byte>();
            foreach (var dim in dims)
            {
                shape.AddRange(Field(1, dim < 0 ? Text(2, "n") : Varint(1, dim)));
            }

            return Field(1, [.. Varint(1, elementType), .. Field(2, [.. shape])]);
        }

        public static byte[] SequenceType(byte[] elementType) => Field(4, Field(1, elementType));

        public static byte[] Identity(byte[] type)
        {
            byte[] node = [.. Text(1, "x"), .. Text(2, "y"), .. Text(4, "Identity")];
            byte[] graph = [.. Field(1, node), .. Text(2, "g"), .. Field(11, [.. Text(1, "x"), .. Field(2, type)]), .. Field(12, [.. Text(1, "y"), .. Field(2, type)])];
            return [.. Varint(1, 8), .. Field(7, graph), .. Field(8, [.. Text(1, string.Empty), .. Varint(2, 17)])];
        }

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
