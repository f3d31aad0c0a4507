using System.Security.Cryptography;
using Microsoft.ML;
using Microsoft.ML.Data;
using ModelOps.Sdk.Flavors;

namespace ModelOps.Sdk.MLNet.Tests;

public sealed class CreditInput
{
    public float Income { get; set; }

    public float Debt { get; set; }

    public float Age { get; set; }

    public bool Label { get; set; }
}

public sealed class CreditOutput
{
    [ColumnName("PredictedLabel")]
    public bool Approved { get; set; }

    public float Probability { get; set; }

    public float Score { get; set; }
}

public sealed class HouseInput
{
    public float Size { get; set; }

    public float Rooms { get; set; }

    public float Label { get; set; }
}

public sealed class HouseOutput
{
    public float Score { get; set; }
}

public sealed class VectorInput
{
    [VectorType(3)]
    public float[] Features { get; set; } = [];

    public bool Label { get; set; }
}

/// <summary>Small models trained on synthetic data inside the tests (no downloads), saved as ML.NET zips.</summary>
internal static class TestModels
{
    private static readonly Lazy<byte[]> CreditZip = new(TrainCredit);
    private static readonly Lazy<byte[]> VectorZip = new(TrainVector);
    private static readonly Dictionary<float, byte[]> HouseZips = [];

    public static byte[] Credit => CreditZip.Value;

    public static byte[] Vector => VectorZip.Value;

    /// <summary>A regression model of price = slope × size + rooms, so two slopes give models that are easy to tell apart.</summary>
    public static byte[] House(float slope)
    {
        lock (HouseZips)
        {
            if (!HouseZips.TryGetValue(slope, out var zip))
            {
                zip = TrainHouse(slope);
                HouseZips[slope] = zip;
            }

            return zip;
        }
    }

    public static ModelArtifact Artifact(string modelName, byte[] content, int? version = null) =>
        new(
            modelName,
            "mlnet",
            Convert.ToHexStringLower(SHA256.HashData(content)),
            content,
            version: version is { } v
                ? new ModelVersion { ModelName = modelName, Version = v, Flavor = "mlnet", RegisteredBy = "tests", Artifact = new ArtifactFile("model.zip", Convert.ToHexStringLower(SHA256.HashData(content)), content.Length) }
                : null);

    public static CreditInput[] CreditInputs(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(_ => new CreditInput { Income = (float)(random.NextDouble() * 10), Debt = (float)(random.NextDouble() * 10), Age = (float)(18 + (random.NextDouble() * 60)) })
            .ToArray();
    }

    public static HouseInput[] HouseInputs(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(_ => new HouseInput { Size = (float)(random.NextDouble() * 5), Rooms = random.Next(1, 6) })
            .ToArray();
    }

    private static byte[] TrainCredit()
    {
        var context = new MLContext(seed: 1);
        var rows = CreditInputs(500, seed: 7);
        foreach (var row in rows)
        {
            row.Label = row.Income - row.Debt + ((row.Age - 40) / 20) > 0;
        }

        var data = context.Data.LoadFromEnumerable(rows);
        var pipeline = context.Transforms.Concatenate("Features", nameof(CreditInput.Income), nameof(CreditInput.Debt), nameof(CreditInput.Age))
            .Append(context.BinaryClassification.Trainers.SdcaLogisticRegression(labelColumnName: "Label", featureColumnName: "Features", maximumNumberOfIterations: 20));
        return Save(context, pipeline.Fit(data), data.Schema);
    }

    private static byte[] TrainHouse(float slope)
    {
        var context = new MLContext(seed: 1);
        var rows = HouseInputs(300, seed: 11);
        foreach (var row in rows)
        {
            row.Label = (slope * row.Size) + row.Rooms;
        }

        var data = context.Data.LoadFromEnumerable(rows);
        var pipeline = context.Transforms.Concatenate("Features", nameof(HouseInput.Size), nameof(HouseInput.Rooms))
            .Append(context.Regression.Trainers.Sdca(labelColumnName: "Label", featureColumnName: "Features", maximumNumberOfIterations: 50));
        return Save(context, pipeline.Fit(data), data.Schema);
    }

    private static byte[] TrainVector()
    {
        var context = new MLContext(seed: 1);
        var random = new Random(3);
        var rows = Enumerable.Range(0, 200).Select(_ =>
        {
            var f = new[] { (float)random.NextDouble(), (float)random.NextDouble(), (float)random.NextDouble() };
            return new VectorInput { Features = f, Label = f[0] + f[1] > f[2] + 0.5f };
        }).ToList();
        var data = context.Data.LoadFromEnumerable(rows);
        var model = context.BinaryClassification.Trainers.SdcaLogisticRegression(maximumNumberOfIterations: 20).Fit(data);
        return Save(context, model, data.Schema);
    }

    private static byte[] Save(MLContext context, ITransformer model, DataViewSchema schema)
    {
        using var stream = new MemoryStream();
        context.Model.Save(model, schema, stream);
        return stream.ToArray();
    }
}
