using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.ObjectPool;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML;
using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.MLNet;
using ModelOps.Sdk.Scoring;
using OpenTelemetry.Metrics;

namespace ModelOps.Sdk.Benchmarks;

/// <summary>
/// One prediction of a small logistic-regression model (3 features): the ML.NET predictor's overhead over a raw
/// <see cref="PredictionEngine{TSrc, TDst}"/> used from one thread, and against the pooled pattern of Microsoft.Extensions.ML
/// (rent from a <see cref="DefaultObjectPool{T}"/>, predict, return), written by hand since that package is not served here.
/// </summary>
[MemoryDiagnoser]
public class MLNetScorerBenchmarks
{
    private PredictionEngine<CreditRow, CreditPrediction> engine = null!;
    private DefaultObjectPool<PredictionEngine<CreditRow, CreditPrediction>> pool = null!;
    private IModelPredictor<CreditRow, CreditPrediction> predictor = null!;
    private ILoadedModel loaded = null!;
    private CreditRow input = null!;
    private ServiceProvider services = null!;
    private IModelScorer<CreditRow, CreditPrediction> scorer = null!;
    private MeterProvider? telemetry;

    /// <summary>The setup of the telemetry-on row: the same scorer, with an OpenTelemetry MeterProvider listening to every instrument.</summary>
    [GlobalSetup(Target = nameof(ScorerByAliasWithTelemetry))]
    public void SetupWithTelemetry()
    {
        telemetry = BenchmarkTelemetry.ListenToEveryInstrument();
        Setup();
    }

    [GlobalSetup(Targets = [nameof(RawEngine), nameof(ObjectPoolEngine), nameof(Predictor), nameof(ScorerByAlias)])]
    public void Setup()
    {
        var rows = CreditModels.Rows(seed: 7);
        var zip = CreditModels.TrainZip(rows, iterations: 20);

        var rawContext = new MLContext(seed: 0);
        var rawModel = rawContext.Model.Load(new MemoryStream(zip), out _);
        engine = rawContext.Model.CreatePredictionEngine<CreditRow, CreditPrediction>(rawModel);
        pool = new DefaultObjectPool<PredictionEngine<CreditRow, CreditPrediction>>(
            new EnginePolicy(() => rawContext.Model.CreatePredictionEngine<CreditRow, CreditPrediction>(rawModel)), Environment.ProcessorCount * 2);

        var sha = Convert.ToHexStringLower(SHA256.HashData(zip));
        var version = new ModelVersion { ModelName = "credit", Version = 1, Flavor = "mlnet", RegisteredBy = "bench", Artifact = new ArtifactFile("model.zip", sha, zip.Length) };
        loaded = new MLNetFlavor().LoadAsync(new ModelArtifact("credit", "mlnet", sha, zip, version: version)).AsTask().GetAwaiter().GetResult();
        predictor = loaded.CreatePredictor<CreditRow, CreditPrediction>();
        input = rows[0];

        // The same model served by alias, as a host application scores it.
        var collection = new ServiceCollection();
        collection.AddModelOps().UseInMemory().AddMLNet();
        services = collection.BuildServiceProvider();
        var registry = services.GetRequiredService<IModelRegistry>();
        registry.RegisterAsync(new ModelVersionRegistration { ModelName = "credit", Flavor = "mlnet", Artifact = new MemoryStream(zip) }).GetAwaiter().GetResult();
        registry.SetAliasAsync("credit", "champion", 1).GetAwaiter().GetResult();
        scorer = services.GetRequiredService<IModelScorerFactory>().CreateScorerAsync<CreditRow, CreditPrediction>("credit", "champion").GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        loaded.DisposeAsync().AsTask().GetAwaiter().GetResult();
        scorer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        services.Dispose();
        engine.Dispose();
        telemetry?.Dispose();
    }

    [Benchmark(Baseline = true, Description = "raw PredictionEngine, one thread")]
    public CreditPrediction RawEngine() => engine.Predict(input);

    [Benchmark(Description = "ObjectPool rent/predict/return (Microsoft.Extensions.ML pattern)")]
    public CreditPrediction ObjectPoolEngine()
    {
        var rented = pool.Get();
        try
        {
            return rented.Predict(input);
        }
        finally
        {
            pool.Return(rented);
        }
    }

    [Benchmark(Description = "ModelOps MLNet predictor")]
    public CreditPrediction Predictor() => predictor.Predict(input);

    [Benchmark(Description = "ModelOps scorer by alias (IModelScorer.Score)")]
    public CreditPrediction ScorerByAlias() => scorer.Score(input).Value;

    [Benchmark(Description = "ModelOps scorer by alias, MeterProvider listening to every instrument")]
    public CreditPrediction ScorerByAliasWithTelemetry() => scorer.Score(input).Value;

    public sealed class CreditRow
    {
        public float Income { get; set; }

        public float Debt { get; set; }

        public float Age { get; set; }

        public bool Label { get; set; }
    }

    public sealed class CreditPrediction
    {
        public bool PredictedLabel { get; set; }

        public float Probability { get; set; }

        public float Score { get; set; }
    }

    private sealed class EnginePolicy(Func<PredictionEngine<CreditRow, CreditPrediction>> create) : PooledObjectPolicy<PredictionEngine<CreditRow, CreditPrediction>>
    {
        public override PredictionEngine<CreditRow, CreditPrediction> Create() => create();

        public override bool Return(PredictionEngine<CreditRow, CreditPrediction> obj) => true;
    }
}
