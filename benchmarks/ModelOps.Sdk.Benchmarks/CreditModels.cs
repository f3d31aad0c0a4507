using Microsoft.ML;

namespace ModelOps.Sdk.Benchmarks;

/// <summary>The small logistic-regression credit models the scoring benchmarks use, trained on seeded synthetic rows.</summary>
internal static class CreditModels
{
    /// <summary>Creates 500 synthetic rows whose label depends on income, debt and age.</summary>
    public static List<MLNetScorerBenchmarks.CreditRow> Rows(int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, 500).Select(_ =>
        {
            var row = new MLNetScorerBenchmarks.CreditRow { Income = (float)(random.NextDouble() * 10), Debt = (float)(random.NextDouble() * 10), Age = (float)(18 + (random.NextDouble() * 60)) };
            row.Label = row.Income - row.Debt + ((row.Age - 40) / 20) > 0;
            return row;
        }).ToList();
    }

    /// <summary>Trains an SDCA logistic regression on the rows and returns the saved ML.NET zip.</summary>
    public static byte[] TrainZip(List<MLNetScorerBenchmarks.CreditRow> rows, int iterations)
    {
        var context = new MLContext(seed: 1);
        var data = context.Data.LoadFromEnumerable(rows);
        var model = context.Transforms.Concatenate("Features", nameof(MLNetScorerBenchmarks.CreditRow.Income), nameof(MLNetScorerBenchmarks.CreditRow.Debt), nameof(MLNetScorerBenchmarks.CreditRow.Age))
            .Append(context.BinaryClassification.Trainers.SdcaLogisticRegression(maximumNumberOfIterations: iterations))
            .Fit(data);
        using var stream = new MemoryStream();
        context.Model.Save(model, data.Schema, stream);
        return stream.ToArray();
    }
}
