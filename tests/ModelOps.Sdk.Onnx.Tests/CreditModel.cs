using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.ML;
using Microsoft.ML.Data;
using ModelOps.Sdk.Flavors;

namespace ModelOps.Sdk.Onnx.Tests;

/// <summary>The training row, as ML.NET sees it: the features, a categorical string, a fixed-size vector, and the label.</summary>
public sealed class CreditInput
{
    public float Age { get; set; }

    public float Income { get; set; }

    [VectorType(3)]
    public float[] History { get; set; } = [0, 0, 0];

    public string Segment { get; set; } = "retail";

    public bool Label { get; set; }
}

/// <summary>The same row without the label, as an application scoring it would have it.</summary>
public sealed class CreditFeatures
{
    public float Age { get; set; }

    public float Income { get; set; }

    public float[] History { get; set; } = [0, 0, 0];

    public string Segment { get; set; } = "retail";
}

/// <summary>ML.NET's prediction type; the exported graph names these outputs <c>PredictedLabel.output</c> and so on.</summary>
public sealed class CreditPrediction
{
    public bool PredictedLabel { get; set; }

    public float Score { get; set; }

    public float Probability { get; set; }
}

/// <summary>
/// A small binary classifier trained with ML.NET on synthetic data and exported to ONNX with Microsoft.ML.OnnxConverter, once
/// per test run (no download, no file checked in).
/// </summary>
public sealed class CreditModel
{
    public static readonly string[] Segments = ["retail", "business", "private"];

    public CreditModel()
    {
        MLContext = new MLContext(seed: 7);
        Rows = Generate(600, seed: 1);
        var data = MLContext.Data.LoadFromEnumerable(Rows);
        var pipeline = MLContext.Transforms.Categorical.OneHotEncoding("SegmentKey", "Segment")
            .Append(MLContext.Transforms.Concatenate("Features", "Age", "Income", "History", "SegmentKey"))
            .Append(MLContext.Transforms.NormalizeMinMax("Features"))
            .Append(MLContext.BinaryClassification.Trainers.SdcaLogisticRegression(maximumNumberOfIterations: 20));
        Transformer = pipeline.Fit(data);
        using var stream = new MemoryStream();
        MLContext.Model.ConvertToOnnx(Transformer, data, stream);
        OnnxBytes = stream.ToArray();
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(OnnxBytes));
    }

    public MLContext MLContext { get; }

    public ITransformer Transformer { get; }

    public IReadOnlyList<CreditInput> Rows { get; }

    public byte[] OnnxBytes { get; }

    public string Sha256 { get; }

    public static List<CreditInput> Generate(int count, int seed)
    {
        var random = new Random(seed);
        var rows = new List<CreditInput>(count);
        for (var i = 0; i < count; i++)
        {
            var age = 18 + (float)(random.NextDouble() * 60);
            var income = (float)(random.NextDouble() * 120_000);
            var history = new[] { (float)random.NextDouble(), (float)random.NextDouble(), (float)random.NextDouble() };
            var segment = Segments[random.Next(Segments.Length)];
            var label = (age / 80) + (income / 120_000) + history[0] - (segment == "business" ? 0.3 : 0) + ((random.NextDouble() - 0.5) * 0.4) > 1.2;
            rows.Add(new CreditInput { Age = age, Income = income, History = history, Segment = segment, Label = label });
        }

        return rows;
    }

    public static CreditFeatures ToFeatures(CreditInput row) =>
        new() { Age = row.Age, Income = row.Income, History = row.History, Segment = row.Segment };

    public static OnnxFlavor CreateFlavor(Action<OnnxFlavorOptions>? configure = null)
    {
        var options = new OnnxFlavorOptions();
        configure?.Invoke(options);
        return new OnnxFlavor(Options.Create(options));
    }

    public ModelArtifact Artifact(int? version = 1) =>
        new(
            "credit",
            "onnx",
            Sha256,
            OnnxBytes,
            version: version is { } v
                ? new ModelVersion { ModelName = "credit", Version = v, Flavor = "onnx", Artifact = new ArtifactFile("model.onnx", Sha256, OnnxBytes.Length), RegisteredBy = "tests" }
                : null);

    public async Task<ILoadedModel> LoadAsync(Action<OnnxFlavorOptions>? configure = null) =>
        await CreateFlavor(configure).LoadAsync(Artifact());
}
