using System.Collections.Concurrent;
using Microsoft.ML;
using Microsoft.ML.Data;
using ModelOps.Sdk.Flavors;

namespace ModelOps.Sdk.MLNet.Tests.Scoring;

public sealed class MLNetPredictorTests
{
    private readonly MLNetFlavor flavor = new();

    [Fact]
    public async Task Predict_MatchesARawPredictionEngine()
    {
        await using var model = await flavor.LoadAsync(TestModels.Artifact("credit", TestModels.Credit, version: 1));
        var predictor = model.CreatePredictor<CreditInput, CreditOutput>();
        var raw = RawEngine<CreditInput, CreditOutput>(TestModels.Credit);

        foreach (var input in TestModels.CreditInputs(200, seed: 21))
        {
            var expected = raw.Predict(input);
            var actual = predictor.Predict(input);
            Assert.Equal(expected.Score, actual.Score);
            Assert.Equal(expected.Probability, actual.Probability);
            Assert.Equal(expected.Approved, actual.Approved);
        }
    }

    [Fact]
    public async Task PredictBatch_MatchesSingleCalls()
    {
        await using var model = await flavor.LoadAsync(TestModels.Artifact("house", TestModels.House(2), version: 1));
        var predictor = model.CreatePredictor<HouseInput, HouseOutput>();
        var inputs = TestModels.HouseInputs(50, seed: 3);
        var outputs = new HouseOutput[inputs.Length];

        predictor.PredictBatch(inputs, outputs);

        Assert.Equal(inputs.Select(i => predictor.Predict(i).Score), outputs.Select(o => o.Score));
    }

    [Fact]
    public async Task Predict_NullInput_ThrowsInvalidModelInput()
    {
        await using var model = await flavor.LoadAsync(TestModels.Artifact("credit", TestModels.Credit, version: 3));
        var predictor = model.CreatePredictor<CreditInput, CreditOutput>();

        var ex = Assert.Throws<InvalidModelInputException>(() => predictor.Predict(null!));

        Assert.Equal("credit", ex.ModelName);
        Assert.Equal(3, ex.Version);
        Assert.Null(ex.Field);
    }

    [Fact]
    public async Task PredictBatch_NullInputInside_ThrowsNamingThePosition()
    {
        await using var model = await flavor.LoadAsync(TestModels.Artifact("credit", TestModels.Credit, version: 1));
        var predictor = model.CreatePredictor<CreditInput, CreditOutput>();
        var inputs = TestModels.CreditInputs(3, seed: 1);
        inputs[1] = null!;

        var ex = Assert.Throws<InvalidModelInputException>(() => predictor.PredictBatch(inputs, new CreditOutput[3]));

        Assert.Contains("position 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_VectorOfWrongLength_ThrowsInvalidModelInputNamingTheColumn()
    {
        await using var model = await flavor.LoadAsync(TestModels.Artifact("vector", TestModels.Vector, version: 1));
        var predictor = model.CreatePredictor<VectorInput, HouseOutput>();
        Assert.NotEqual(0f, predictor.Predict(new VectorInput { Features = [0.1f, 0.2f, 0.3f] }).Score);

        var ex = Assert.Throws<InvalidModelInputException>(() => predictor.Predict(new VectorInput { Features = [0.1f, 0.2f] }));

        Assert.True(ex.Field == "Features", ex.Message);
    }

    [Fact]
    public async Task CreatePredictor_InputMissingAColumn_ThrowsSignatureMismatchNamingIt()
    {
        await using var model = await flavor.LoadAsync(TestModels.Artifact("credit", TestModels.Credit, version: 2));

        var ex = Assert.Throws<ModelSignatureMismatchException>(() => model.CreatePredictor<CreditInputWithoutDebt, CreditOutput>());

        Assert.Equal("Debt", ex.Field);
        Assert.Equal(2, ex.Version);
    }

    [Fact]
    public async Task CreatePredictor_InputColumnOfWrongType_ThrowsSignatureMismatchNamingIt()
    {
        await using var model = await flavor.LoadAsync(TestModels.Artifact("credit", TestModels.Credit, version: 1));

        var ex = Assert.Throws<ModelSignatureMismatchException>(() => model.CreatePredictor<CreditInputWithDoubleDebt, CreditOutput>());

        Assert.Equal("Debt", ex.Field);
        Assert.Contains("Double", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreatePredictor_ColumnNameAttribute_MapsTheProperty()
    {
        await using var model = await flavor.LoadAsync(TestModels.Artifact("credit", TestModels.Credit, version: 1));

        var predictor = model.CreatePredictor<RenamedCreditInput, CreditOutput>();

        var input = TestModels.CreditInputs(1, seed: 9)[0];
        var expected = model.CreatePredictor<CreditInput, CreditOutput>().Predict(input).Score;
        Assert.Equal(expected, predictor.Predict(new RenamedCreditInput { Salary = input.Income, Debt = input.Debt, Age = input.Age }).Score);
    }

    [Fact]
    public async Task CreatePredictor_VectorWithoutDeclaredSize_ThrowsSignatureMismatch()
    {
        await using var model = await flavor.LoadAsync(TestModels.Artifact("vector", TestModels.Vector, version: 1));

        var ex = Assert.Throws<ModelSignatureMismatchException>(() => model.CreatePredictor<UnsizedVectorInput, HouseOutput>());

        Assert.Equal("Features", ex.Field);
        Assert.Contains("[VectorType(3)]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreatePredictor_OutputReadingAColumnTheModelLacks_ThrowsSignatureMismatch()
    {
        await using var model = await flavor.LoadAsync(TestModels.Artifact("house", TestModels.House(2), version: 1));

        var ex = Assert.Throws<ModelSignatureMismatchException>(() => model.CreatePredictor<HouseInput, CreditOutput>());

        Assert.Equal("PredictedLabel", ex.Field);
    }

    [Fact]
    public async Task CreatePredictor_OutputWithoutParameterlessConstructor_ThrowsSignatureMismatch()
    {
        await using var model = await flavor.LoadAsync(TestModels.Artifact("house", TestModels.House(2), version: 1));

        Assert.Throws<ModelSignatureMismatchException>(() => model.CreatePredictor<HouseInput, HouseOutputWithConstructor>());
    }

    [Fact]
    public async Task Predict_EightThreadsConcurrently_MatchSingleThreadedResults()
    {
        await using var model = await flavor.LoadAsync(TestModels.Artifact("credit", TestModels.Credit, version: 1));
        var predictor = model.CreatePredictor<CreditInput, CreditOutput>();
        var inputs = TestModels.CreditInputs(2_000, seed: 99);
        var expected = inputs.Select(i => predictor.Predict(i).Score).ToArray();
        var mismatches = 0;

        using var start = new Barrier(8);
        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < inputs.Length; i++)
            {
                var index = (i + (t * 250)) % inputs.Length;
                if (predictor.Predict(inputs[index]).Score != expected[index])
                {
                    Interlocked.Increment(ref mismatches);
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Equal(0, mismatches);
    }

    /// <summary>
    /// Regression test for dotnet/machinelearning#7626 (Microsoft.Extensions.ML's PredictionEnginePool returned an engine rented
    /// before a reload into the new model's pool, which then kept scoring with the old model).
    /// </summary>
    [Fact]
    public async Task StaleEngine_dotnet_machinelearning_7626_EnginesRentedFromOneVersionNeverServeAnother()
    {
        var modelA = await flavor.LoadAsync(TestModels.Artifact("house", TestModels.House(2), version: 1));
        await using var modelB = await flavor.LoadAsync(TestModels.Artifact("house", TestModels.House(-3), version: 2));
        var predictorA = (MLNetPredictor<HouseInput, HouseOutput>)modelA.CreatePredictor<HouseInput, HouseOutput>();
        var predictorB = (MLNetPredictor<HouseInput, HouseOutput>)modelB.CreatePredictor<HouseInput, HouseOutput>();

        var enginesA = new ConcurrentDictionary<object, bool>(ReferenceEqualityComparer.Instance);
        var disposedA = new ConcurrentDictionary<object, bool>(ReferenceEqualityComparer.Instance);
        foreach (var engine in predictorA.PooledEngines())
        {
            enginesA[engine] = true;
        }

        predictorA.EngineCreated = e => enginesA[e] = true;
        predictorA.EngineDisposed = e => disposedA[e] = true;

        var inputs = TestModels.HouseInputs(64, seed: 4);
        var expectedA = inputs.Select(i => RawEngine<HouseInput, HouseOutput>(TestModels.House(2)).Predict(i).Score).ToArray();
        var expectedB = inputs.Select(i => RawEngine<HouseInput, HouseOutput>(TestModels.House(-3)).Predict(i).Score).ToArray();
        Assert.NotEqual(expectedA, expectedB);

        // The workers report the states the test waits for (never a duration): both versions scoring concurrently, then, after
        // version A is disposed, calls to A refused while B keeps scoring.
        const int CallsBeforeDispose = 200, CallsAfterDispose = 200;
        var wrongVersion = 0;
        var callsA = 0;
        var callsB = 0;
        var callsBAfterDispose = 0;
        var callsAfterDisposeRefused = 0;
        var disposing = 0;
        var bothScoring = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var refusedWhileBScores = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 6).Select(w => Task.Run(() =>
        {
            for (var n = w; !stop.IsCancellationRequested; n++)
            {
                var index = n % inputs.Length;
                if ((n & 1) == 0)
                {
                    try
                    {
                        if (predictorA.Predict(inputs[index]).Score != expectedA[index])
                        {
                            Interlocked.Increment(ref wrongVersion);
                        }

                        Interlocked.Increment(ref callsA);
                    }
                    catch (ObjectDisposedException)
                    {
                        // A call that starts after version A is disposed is refused (the scoring host never makes one).
                        Interlocked.Increment(ref callsAfterDisposeRefused);
                    }
                }
                else
                {
                    if (predictorB.Predict(inputs[index]).Score != expectedB[index])
                    {
                        Interlocked.Increment(ref wrongVersion);
                    }

                    Interlocked.Increment(ref callsB);
                    if (Volatile.Read(ref disposing) == 1)
                    {
                        Interlocked.Increment(ref callsBAfterDispose);
                    }
                }

                if (Volatile.Read(ref callsA) >= CallsBeforeDispose && Volatile.Read(ref callsB) >= CallsBeforeDispose)
                {
                    bothScoring.TrySetResult();
                }

                if (Volatile.Read(ref callsAfterDisposeRefused) > 0 && Volatile.Read(ref callsBAfterDispose) >= CallsAfterDispose)
                {
                    refusedWhileBScores.TrySetResult();
                }
            }
        })).ToList();

        // A worker that fails ends the wait with its exception instead of leaving the test to its deadline.
        Task failed = Task.WhenAny(workers).Unwrap();
        await Task.WhenAny(bothScoring.Task, failed).Unwrap().WaitAsync(deadline.Token);
        Volatile.Write(ref disposing, 1);
        await modelA.DisposeAsync();
        await Task.WhenAny(refusedWhileBScores.Task, failed).Unwrap().WaitAsync(deadline.Token);
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        Assert.Equal(0, wrongVersion);
        Assert.True(callsA > 0);
        Assert.True(callsAfterDisposeRefused > 0);
        Assert.Empty(predictorA.PooledEngines());
        Assert.Equal(enginesA.Keys.ToHashSet(ReferenceEqualityComparer.Instance), disposedA.Keys.ToHashSet(ReferenceEqualityComparer.Instance));
        Assert.DoesNotContain(predictorB.PooledEngines(), e => enginesA.ContainsKey(e));
        Assert.NotEmpty(predictorB.PooledEngines());
    }

    [Fact]
    public async Task Dispose_EngineReturnedAfterwards_IsDisposedNotPooled()
    {
        var model = await flavor.LoadAsync(TestModels.Artifact("house", TestModels.House(2), version: 1));
        var predictor = (MLNetPredictor<HouseInput, HouseOutput>)model.CreatePredictor<HouseInput, HouseOutput>();
        var disposed = 0;
        predictor.EngineDisposed = _ => Interlocked.Increment(ref disposed);

        await model.DisposeAsync();

        Assert.Equal(1, disposed);
        Assert.Empty(predictor.PooledEngines());
        Assert.Throws<ObjectDisposedException>(() => predictor.Predict(TestModels.HouseInputs(1, 1)[0]));
        Assert.Throws<ObjectDisposedException>(() => model.CreatePredictor<HouseInput, HouseOutput>());
    }

    private static PredictionEngine<TIn, TOut> RawEngine<TIn, TOut>(byte[] zip)
        where TIn : class
        where TOut : class, new()
    {
        var context = new MLContext(seed: 0);
        using var stream = new MemoryStream(zip);
        var model = context.Model.Load(stream, out _);
        return context.Model.CreatePredictionEngine<TIn, TOut>(model);
    }

    public sealed class CreditInputWithoutDebt
    {
        public float Income { get; set; }

        public float Age { get; set; }
    }

    public sealed class CreditInputWithDoubleDebt
    {
        public float Income { get; set; }

        public double Debt { get; set; }

        public float Age { get; set; }
    }

    public sealed class RenamedCreditInput
    {
        [ColumnName("Income")]
        public float Salary { get; set; }

        public float Debt { get; set; }

        public float Age { get; set; }
    }

    public sealed class UnsizedVectorInput
    {
        public float[] Features { get; set; } = [];
    }

    public sealed class HouseOutputWithConstructor(float score)
    {
        public float Score { get; set; } = score;
    }
}
