using ModelOps.Sdk.Onnx.Scoring;

namespace ModelOps.Sdk.Onnx.Tests.Scoring;

public sealed class OnnxPredictorTests(CreditModel model) : IClassFixture<CreditModel>
{
    private const double Tolerance = 1e-5;

    [Fact]
    public async Task Predict_MLNetInputTypeWithLabel_MatchesMLNet()
    {
        await using var loaded = await model.LoadAsync();
        var predictor = loaded.CreatePredictor<CreditInput, CreditPrediction>();
        var engine = model.MLContext.Model.CreatePredictionEngine<CreditInput, CreditPrediction>(model.Transformer);

        foreach (var row in CreditModel.Generate(200, seed: 42))
        {
            var expected = engine.Predict(row);
            var actual = predictor.Predict(row);
            AssertSame(expected, actual);
        }
    }

    [Fact]
    public async Task Predict_InputTypeWithoutLabel_FeedsLabelDefaultAndMatchesMLNet()
    {
        await using var loaded = await model.LoadAsync();
        var predictor = loaded.CreatePredictor<CreditFeatures, CreditPrediction>();
        var engine = model.MLContext.Model.CreatePredictionEngine<CreditInput, CreditPrediction>(model.Transformer);

        foreach (var row in CreditModel.Generate(200, seed: 43))
        {
            AssertSame(engine.Predict(row), predictor.Predict(CreditModel.ToFeatures(row)));
        }
    }

    [Fact]
    public async Task PredictBatch_64Inputs_EqualsSingleCallsAndRunsAsOneCall()
    {
        await using var loaded = await model.LoadAsync();
        var predictor = loaded.CreatePredictor<CreditFeatures, CreditPrediction>();
        var inputs = CreditModel.Generate(64, seed: 44).Select(CreditModel.ToFeatures).ToArray();
        var outputs = new CreditPrediction[64];

        predictor.PredictBatch(inputs, outputs);

        Assert.True(((OnnxPredictor<CreditFeatures, CreditPrediction>)predictor).RunsBatchesAsOneCall);
        for (var i = 0; i < inputs.Length; i++)
        {
            AssertSame(predictor.Predict(inputs[i]), outputs[i]);
        }
    }

    [Fact]
    public async Task CreatePredictor_SameTypes_ReturnsTheSamePredictor()
    {
        await using var loaded = await model.LoadAsync();

        Assert.Same(loaded.CreatePredictor<CreditFeatures, CreditPrediction>(), loaded.CreatePredictor<CreditFeatures, CreditPrediction>());
    }

    [Fact]
    public async Task Predict_AttributeOverridesNames_MapsInputsAndOutputs()
    {
        await using var loaded = await model.LoadAsync();
        var predictor = loaded.CreatePredictor<RenamedFeatures, RenamedPrediction>();
        var engine = model.MLContext.Model.CreatePredictionEngine<CreditInput, CreditPrediction>(model.Transformer);
        var row = CreditModel.Generate(1, seed: 45)[0];

        var actual = predictor.Predict(new RenamedFeatures { Years = row.Age, Earnings = row.Income, Past = row.History, Kind = row.Segment });

        Assert.Equal(engine.Predict(row).Probability, actual.Chance, Tolerance);
    }

    [Fact]
    public async Task CreatePredictor_UnrelatedInputType_ThrowsMismatchNamingTheField()
    {
        await using var loaded = await model.LoadAsync();

        var ex = Assert.Throws<ModelSignatureMismatchException>(() => loaded.CreatePredictor<UnrelatedInput, CreditPrediction>());

        Assert.Equal("Foo", ex.Field);
        Assert.Equal("credit", ex.ModelName);
        Assert.Equal(1, ex.Version);
    }

    [Fact]
    public async Task CreatePredictor_WrongElementType_ThrowsMismatchNamingTheTensor()
    {
        await using var loaded = await model.LoadAsync();

        var ex = Assert.Throws<ModelSignatureMismatchException>(() => loaded.CreatePredictor<DoubleAgeInput, CreditPrediction>());

        Assert.Equal("Age", ex.Field);
        Assert.Contains("'Age'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("float32", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreatePredictor_ScalarForVectorTensor_ThrowsMismatch()
    {
        await using var loaded = await model.LoadAsync();

        var ex = Assert.Throws<ModelSignatureMismatchException>(() => loaded.CreatePredictor<ScalarHistoryInput, CreditPrediction>());

        Assert.Equal("History", ex.Field);
    }

    [Fact]
    public async Task CreatePredictor_OutputWithoutGraphOutput_ThrowsMismatch()
    {
        await using var loaded = await model.LoadAsync();

        var ex = Assert.Throws<ModelSignatureMismatchException>(() => loaded.CreatePredictor<CreditFeatures, UnknownPrediction>());

        Assert.Equal("Confidence", ex.Field);
    }

    [Fact]
    public async Task Predict_NullInput_ThrowsInvalidInput()
    {
        await using var loaded = await model.LoadAsync();
        var predictor = loaded.CreatePredictor<CreditFeatures, CreditPrediction>();

        var ex = Assert.Throws<InvalidModelInputException>(() => predictor.Predict(null!));

        Assert.Equal("credit", ex.ModelName);
        Assert.Equal(1, ex.Version);
        Assert.Null(ex.Field);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public async Task Predict_NonFiniteValue_ThrowsInvalidInputNamingTheField(float value)
    {
        await using var loaded = await model.LoadAsync();
        var predictor = loaded.CreatePredictor<CreditFeatures, CreditPrediction>();

        var scalar = Assert.Throws<InvalidModelInputException>(() => predictor.Predict(new CreditFeatures { Age = value }));
        var element = Assert.Throws<InvalidModelInputException>(() => predictor.Predict(new CreditFeatures { History = [0, value, 0] }));

        Assert.Equal("Age", scalar.Field);
        Assert.Equal("History", element.Field);
        Assert.Contains("version 1", scalar.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_NonFiniteValueAllowedByOption_ReachesTheGraph()
    {
        await using var loaded = await model.LoadAsync(o => o.AllowNonFiniteInputs = true);
        var predictor = loaded.CreatePredictor<CreditFeatures, CreditPrediction>();

        // The option only skips our check: this graph's own Binarizer (from ML.NET's export) then refuses the NaN itself.
        var ex = Assert.Throws<Microsoft.ML.OnnxRuntime.OnnxRuntimeException>(() => predictor.Predict(new CreditFeatures { Age = float.NaN }));

        Assert.Contains("NaN", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public async Task Predict_ArrayOfWrongLength_ThrowsInvalidInputNamingTheField(int length)
    {
        await using var loaded = await model.LoadAsync();
        var predictor = loaded.CreatePredictor<CreditFeatures, CreditPrediction>();

        var ex = Assert.Throws<InvalidModelInputException>(() => predictor.Predict(new CreditFeatures { History = new float[length] }));

        Assert.Equal("History", ex.Field);
        Assert.Contains("takes 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_NullArrayOrString_ThrowsInvalidInput()
    {
        await using var loaded = await model.LoadAsync();
        var predictor = loaded.CreatePredictor<CreditFeatures, CreditPrediction>();

        Assert.Equal("History", Assert.Throws<InvalidModelInputException>(() => predictor.Predict(new CreditFeatures { History = null! })).Field);
        Assert.Equal("Segment", Assert.Throws<InvalidModelInputException>(() => predictor.Predict(new CreditFeatures { Segment = null! })).Field);
    }

    [Fact]
    public async Task PredictBatch_InvalidItem_ThrowsNamingFieldAndPosition()
    {
        await using var loaded = await model.LoadAsync();
        var predictor = loaded.CreatePredictor<CreditFeatures, CreditPrediction>();
        var inputs = CreditModel.Generate(8, seed: 46).Select(CreditModel.ToFeatures).ToArray();
        inputs[5].Income = float.NaN;

        var ex = Assert.Throws<InvalidModelInputException>(() => predictor.PredictBatch(inputs, new CreditPrediction[8]));
        inputs[5] = null!;
        var nullItem = Assert.Throws<InvalidModelInputException>(() => predictor.PredictBatch(inputs, new CreditPrediction[8]));

        Assert.Equal("Income", ex.Field);
        Assert.Contains("position 5", ex.Message, StringComparison.Ordinal);
        Assert.Contains("position 5", nullItem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_AfterInvalidInput_KeepsScoringCorrectly()
    {
        await using var loaded = await model.LoadAsync();
        var predictor = loaded.CreatePredictor<CreditFeatures, CreditPrediction>();
        var row = CreditModel.ToFeatures(CreditModel.Generate(1, seed: 47)[0]);
        var before = predictor.Predict(row);

        Assert.Throws<InvalidModelInputException>(() => predictor.Predict(new CreditFeatures { Age = 30, History = [1, 2] }));

        AssertSame(before, predictor.Predict(row));
    }

    [Fact]
    public async Task Predict_EightThreads_EqualsSingleThreadedResults()
    {
        await using var loaded = await model.LoadAsync();
        var predictor = loaded.CreatePredictor<CreditFeatures, CreditPrediction>();
        var inputs = CreditModel.Generate(400, seed: 48).Select(CreditModel.ToFeatures).ToArray();
        var expected = inputs.Select(predictor.Predict).ToArray();
        var actual = new CreditPrediction[8][];

        using var start = new Barrier(8);
        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            var results = new CreditPrediction[inputs.Length];
            for (var i = 0; i < inputs.Length; i++)
            {
                // Each thread walks the inputs from its own offset so that threads score different rows at the same moment.
                var index = (i + (t * 50)) % inputs.Length;
                results[index] = predictor.Predict(inputs[index]);
            }

            actual[t] = results;
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        foreach (var results in actual)
        {
            for (var i = 0; i < inputs.Length; i++)
            {
                Assert.Equal(expected[i].Probability, results[i].Probability);
                Assert.Equal(expected[i].PredictedLabel, results[i].PredictedLabel);
            }
        }
    }

    [Fact]
    public async Task Predict_AfterDispose_ThrowsObjectDisposed()
    {
        var loaded = await model.LoadAsync();
        var predictor = loaded.CreatePredictor<CreditFeatures, CreditPrediction>();
        await loaded.DisposeAsync();

        Assert.Throws<ObjectDisposedException>(() => predictor.Predict(new CreditFeatures()));
    }

    private static void AssertSame(CreditPrediction expected, CreditPrediction actual)
    {
        Assert.Equal(expected.Score, actual.Score, Tolerance);
        Assert.Equal(expected.Probability, actual.Probability, Tolerance);
        Assert.Equal(expected.PredictedLabel, actual.PredictedLabel);
    }

    public sealed class UnrelatedInput
    {
        public float Foo { get; set; }
    }

    public sealed class DoubleAgeInput
    {
        public double Age { get; set; }
    }

    public sealed class ScalarHistoryInput
    {
        public float History { get; set; }
    }

    public sealed class UnknownPrediction
    {
        public float Confidence { get; set; }
    }

    public sealed class RenamedFeatures
    {
        [OnnxTensor("Age")]
        public float Years { get; set; }

        [OnnxTensor("income")]
        public float Earnings { get; set; }

        [OnnxTensor("History")]
        public float[] Past { get; set; } = [];

        [OnnxTensor("Segment")]
        public string Kind { get; set; } = "";
    }

    public sealed class RenamedPrediction
    {
        [OnnxTensor("Probability.output")]
        public float Chance { get; set; }
    }
}
