using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using ModelOps.Sdk.Flavors;

namespace ModelOps.Sdk.MLNet.Tests.Scoring;

/// <summary>ML.NET versions score JSON inputs (<see cref="IJsonScoringModel"/>) as their typed predictors do, and refuse columns JSON cannot build.</summary>
public sealed class JsonScoringTests
{
    private readonly MLNetFlavor flavor = new();

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Fact]
    public async Task ScoreJson_WithoutTheLabel_MatchesTheTypedPredictor()
    {
        await using var model = await flavor.LoadAsync(TestModels.Artifact("credit", TestModels.Credit, version: 1));
        var scoring = Assert.IsAssignableFrom<IJsonScoringModel>(model);
        var predictor = model.CreatePredictor<CreditInput, CreditOutput>();

        foreach (var input in TestModels.CreditInputs(20, seed: 5))
        {
            var output = scoring.ScoreJson(Json(JsonSerializer.Serialize(new { income = input.Income, debt = input.Debt, age = input.Age })));
            var expected = predictor.Predict(input);

            Assert.Equal(expected.Approved, (bool)output["PredictedLabel"]!);
            Assert.Equal(expected.Probability, (float)output["Probability"]!, 1e-6);
            Assert.Equal(expected.Score, (float)output["Score"]!, 1e-6);
        }
    }

    [Fact]
    public async Task ScoreJson_VectorColumn_ReadsAnArrayOfTheDeclaredSize()
    {
        await using var model = await flavor.LoadAsync(TestModels.Artifact("vector", TestModels.Vector, version: 1));
        var predictor = model.CreatePredictor<VectorInput, CreditOutput>();

        var output = ((IJsonScoringModel)model).ScoreJson(Json("""{ "Features": [0.9, 0.8, 0.1] }"""));

        Assert.Equal(predictor.Predict(new VectorInput { Features = [0.9f, 0.8f, 0.1f] }).Probability, (float)output["Probability"]!, 1e-6);
    }

    [Theory]
    [InlineData("credit", """{ "Income": 1, "Age": 30 }""", "Debt", "the field is missing")]
    [InlineData("credit", """{ "Income": 1, "Debt": "high", "Age": 30 }""", "Debt", "expected a number, found a string")]
    [InlineData("vector", """{ "Features": [0.9, 0.8] }""", "Features", "has 2 value(s), but the column is a vector of 3")]
    [InlineData("vector", """{ "Features": 0.9 }""", "Features", "expected an array, found a number")]
    public async Task ScoreJson_BadField_IsRefusedNamingTheField(string name, string input, string field, string problem)
    {
        await using var model = await flavor.LoadAsync(TestModels.Artifact(name, name == "credit" ? TestModels.Credit : TestModels.Vector, version: 1));

        var ex = Assert.Throws<InvalidModelInputException>(() => ((IJsonScoringModel)model).ScoreJson(Json(input)));

        Assert.Equal(field, ex.Field);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreJson_KeyInputColumn_IsRefusedClearly()
    {
        await using var model = await flavor.LoadAsync(TestModels.Artifact("keyed", TrainKeyed(useSegment: true), version: 1));

        var ex = Assert.Throws<ModelSignatureMismatchException>(() => ((IJsonScoringModel)model).ScoreJson(Json("""{ "Income": 1, "Segment": 2 }""")));

        Assert.Equal("Segment", ex.Field);
        Assert.Contains("input column 'Segment' is a key column; JSON scoring builds number, string and Boolean columns", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreJson_DateInputColumnGiven_IsRefusedClearly()
    {
        await using var model = await flavor.LoadAsync(TestModels.Artifact("dated", TrainKeyed(useSegment: false), version: 1));

        var ex = Assert.Throws<ModelSignatureMismatchException>(() => ((IJsonScoringModel)model).ScoreJson(Json("""{ "Income": 1, "AppliedOn": "2026-01-01" }""")));

        Assert.Equal("AppliedOn", ex.Field);
        Assert.Contains("input column 'AppliedOn' is a datetime column", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>A model whose input has a key column (which its features use, or not) and a date column they do not use.</summary>
    private static byte[] TrainKeyed(bool useSegment)
    {
        var context = new MLContext(seed: 1);
        var random = new Random(9);
        var rows = Enumerable.Range(0, 200).Select(_ =>
        {
            var income = (float)random.NextDouble();
            var segment = (uint)random.Next(1, 4);
            return new KeyedInput { Income = income, Segment = segment, AppliedOn = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), Label = income + (segment * 0.1f) > 0.7f };
        }).ToList();
        var data = context.Data.LoadFromEnumerable(rows);
        var trainer = context.BinaryClassification.Trainers.SdcaLogisticRegression(maximumNumberOfIterations: 10);
        ITransformer model = useSegment
            ? context.Transforms.Conversion.MapKeyToVector("SegmentVector", nameof(KeyedInput.Segment))
                .Append(context.Transforms.Concatenate("Features", nameof(KeyedInput.Income), "SegmentVector"))
                .Append(trainer)
                .Fit(data)
            : context.Transforms.Concatenate("Features", nameof(KeyedInput.Income)).Append(trainer).Fit(data);
        using var stream = new MemoryStream();
        context.Model.Save(model, data.Schema, stream);
        return stream.ToArray();
    }

    public sealed class KeyedInput
    {
        public float Income { get; set; }

        [KeyType(3)]
        public uint Segment { get; set; }

        public DateTime AppliedOn { get; set; }

        public bool Label { get; set; }
    }
}
