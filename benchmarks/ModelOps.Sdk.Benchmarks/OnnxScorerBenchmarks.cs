using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.Onnx;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Benchmarks;

/// <summary>
/// Scoring one row of a small logistic-regression model exported from ML.NET to ONNX (inputs Age, Income, History[3] and the
/// Label the export requires; outputs PredictedLabel, Score and Probability). Every variant reads the same input object and
/// returns a new prediction object, so the differences are the ways of driving ONNX Runtime.
/// </summary>
[MemoryDiagnoser]
public class OnnxScorerBenchmarks
{
    private const int BatchSize = 64;
    private static readonly string[] InputNames = ["Age", "Income", "History", "Label"];
    private static readonly string[] OutputNames = ["PredictedLabel.output", "Score.output", "Probability.output"];

    private readonly float[] _age = GC.AllocateArray<float>(1, pinned: true);
    private readonly float[] _income = GC.AllocateArray<float>(1, pinned: true);
    private readonly float[] _history = GC.AllocateArray<float>(3, pinned: true);
    private readonly bool[] _label = GC.AllocateArray<bool>(1, pinned: true);
    private readonly bool[] _predictedLabel = GC.AllocateArray<bool>(1, pinned: true);
    private readonly float[] _score = GC.AllocateArray<float>(1, pinned: true);
    private readonly float[] _probability = GC.AllocateArray<float>(1, pinned: true);

    private InferenceSession _session = null!;
    private RunOptions _runOptions = null!;
    private OrtValue[] _inputValues = null!;
    private OrtValue[] _outputValues = null!;
    private OrtIoBinding _binding = null!;
    private ILoadedModel _loaded = null!;
    private IModelPredictor<BenchInput, BenchPrediction> _predictor = null!;
    private BenchInput _input = null!;
    private BenchInput[] _batch = null!;
    private BenchPrediction[] _batchOutputs = null!;

    [GlobalSetup]
    public void Setup()
    {
        var ml = new MLContext(seed: 7);
        var random = new Random(1);
        var rows = Enumerable.Range(0, 500).Select(_ =>
        {
            var history = new[] { (float)random.NextDouble(), (float)random.NextDouble(), (float)random.NextDouble() };
            var age = 18 + (float)(random.NextDouble() * 60);
            var income = (float)(random.NextDouble() * 120_000);
            return new TrainingRow { Age = age, Income = income, History = history, Label = (age / 80) + (income / 120_000) + history[0] > 1.2 };
        }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Transforms.Concatenate("Features", "Age", "Income", "History")
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(maximumNumberOfIterations: 20))
            .Fit(data);
        using var stream = new MemoryStream();
        ml.Model.ConvertToOnnx(model, data, stream);
        var bytes = stream.ToArray();

        // The same session options as the flavor's defaults, so that only the calling pattern differs.
        var defaults = new OnnxFlavorOptions();
        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = defaults.IntraOpNumThreads,
            InterOpNumThreads = defaults.InterOpNumThreads,
            GraphOptimizationLevel = defaults.GraphOptimizationLevel,
            ExecutionMode = defaults.ExecutionMode,
        };
        _session = new InferenceSession(bytes, sessionOptions);
        _runOptions = new RunOptions();
        _inputValues =
        [
            OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, new Memory<float>(_age), [1, 1]),
            OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, new Memory<float>(_income), [1, 1]),
            OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, new Memory<float>(_history), [1, 3]),
            OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, new Memory<bool>(_label), [1, 1]),
        ];
        _outputValues =
        [
            OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, new Memory<bool>(_predictedLabel), [1, 1]),
            OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, new Memory<float>(_score), [1, 1]),
            OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, new Memory<float>(_probability), [1, 1]),
        ];
        _binding = _session.CreateIoBinding();
        for (var i = 0; i < InputNames.Length; i++)
        {
            _binding.BindInput(InputNames[i], _inputValues[i]);
        }

        for (var i = 0; i < OutputNames.Length; i++)
        {
            _binding.BindOutput(OutputNames[i], _outputValues[i]);
        }

        var artifact = new ModelArtifact("bench", "onnx", "00", bytes, version: new ModelVersion
        {
            ModelName = "bench",
            Version = 1,
            Flavor = "onnx",
            Artifact = new ArtifactFile("model.onnx", "00", bytes.Length),
            RegisteredBy = "benchmark",
        });
        _loaded = new OnnxFlavor(Options.Create(defaults)).LoadAsync(artifact).AsTask().GetAwaiter().GetResult();
        _predictor = _loaded.CreatePredictor<BenchInput, BenchPrediction>();
        _batch = rows.Take(BatchSize).Select(r => new BenchInput { Age = r.Age, Income = r.Income, History = r.History }).ToArray();
        _batchOutputs = new BenchPrediction[BatchSize];
        _input = _batch[3];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _loaded.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _binding.Dispose();
        foreach (var value in _inputValues.Concat(_outputValues))
        {
            value.Dispose();
        }

        _runOptions.Dispose();
        _session.Dispose();
    }

    /// <summary>By hand, as fast as ONNX Runtime goes: pinned tensors bound once to an I/O binding, values copied in, one run.</summary>
    [Benchmark(Baseline = true)]
    public BenchPrediction RawIoBinding()
    {
        var input = _input;
        _age[0] = input.Age;
        _income[0] = input.Income;
        input.History.AsSpan().CopyTo(_history);
        _session.RunWithBinding(_runOptions, _binding);
        return new BenchPrediction { PredictedLabel = _predictedLabel[0], Score = _score[0], Probability = _probability[0] };
    }

    /// <summary>By hand with the OrtValue Run overload: pre-created input and output tensors, passed by name on each run.</summary>
    [Benchmark]
    public BenchPrediction RawOrtValueRun()
    {
        var input = _input;
        _age[0] = input.Age;
        _income[0] = input.Income;
        input.History.AsSpan().CopyTo(_history);
        _session.Run(_runOptions, InputNames, _inputValues, OutputNames, _outputValues);
        return new BenchPrediction { PredictedLabel = _predictedLabel[0], Score = _score[0], Probability = _probability[0] };
    }

    /// <summary>The common pattern from samples: DenseTensor and NamedOnnxValue per input, results allocated by the runtime.</summary>
    [Benchmark]
    public BenchPrediction NamedOnnxValues()
    {
        var input = _input;
        var inputs = new List<NamedOnnxValue>
        {
            NamedOnnxValue.CreateFromTensor("Age", new DenseTensor<float>(new[] { input.Age }, [1, 1])),
            NamedOnnxValue.CreateFromTensor("Income", new DenseTensor<float>(new[] { input.Income }, [1, 1])),
            NamedOnnxValue.CreateFromTensor("History", new DenseTensor<float>(input.History, [1, 3])),
#pragma warning disable CA1861 // A new array per call is what the common pattern does; it is part of what is measured.
            NamedOnnxValue.CreateFromTensor("Label", new DenseTensor<bool>(new[] { false }, [1, 1])),
#pragma warning restore CA1861
        };
        using var results = _session.Run(inputs, OutputNames);
        return new BenchPrediction
        {
            PredictedLabel = results[0].AsTensor<bool>()[0, 0],
            Score = results[1].AsTensor<float>()[0, 0],
            Probability = results[2].AsTensor<float>()[0, 0],
        };
    }

    /// <summary>Our predictor: compiled accessors, a pooled run context, the label fed by default.</summary>
    [Benchmark]
    public BenchPrediction Predictor() => _predictor.Predict(_input);

    /// <summary>64 rows as one [64, n] tensor per input; reported per row.</summary>
    [Benchmark(OperationsPerInvoke = BatchSize)]
    public BenchPrediction PredictorBatch64()
    {
        _predictor.PredictBatch(_batch, _batchOutputs);
        return _batchOutputs[^1];
    }

    /// <summary>The same 64 rows as 64 single calls; reported per row.</summary>
    [Benchmark(OperationsPerInvoke = BatchSize)]
    public BenchPrediction PredictorSingle64()
    {
        var batch = _batch;
        BenchPrediction last = null!;
        for (var i = 0; i < batch.Length; i++)
        {
            last = _predictor.Predict(batch[i]);
        }

        return last;
    }

    public sealed class TrainingRow
    {
        public float Age { get; set; }

        public float Income { get; set; }

        [VectorType(3)]
        public float[] History { get; set; } = [];

        public bool Label { get; set; }
    }

    public sealed class BenchInput
    {
        public float Age { get; set; }

        public float Income { get; set; }

        public float[] History { get; set; } = [];
    }

    public sealed class BenchPrediction
    {
        public bool PredictedLabel { get; set; }

        public float Score { get; set; }

        public float Probability { get; set; }
    }
}
