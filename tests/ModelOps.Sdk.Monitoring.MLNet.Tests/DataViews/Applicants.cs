using Microsoft.ML.Data;

namespace ModelOps.Sdk.Monitoring.MLNet.Tests.DataViews;

/// <summary>A loan application as the typed path sees it (the model's input).</summary>
public sealed class Applicant
{
    public float Income { get; set; }

    public double Debt { get; set; }

    public int Age { get; set; }

    public byte Dependents { get; set; }

    public string? Region { get; set; }

    public bool HasCoSigner { get; set; }
}

/// <summary>The model's output as the typed path sees it.</summary>
public sealed class Decision
{
    public float Score { get; set; }

    public bool Approved { get; set; }
}

/// <summary>An application with its decision: one row of a scored data view (LoadFromEnumerable).</summary>
public sealed class ScoredApplicant
{
    public float Income { get; set; }

    public double Debt { get; set; }

    public int Age { get; set; }

    public byte Dependents { get; set; }

    public string? Region { get; set; }

    public bool HasCoSigner { get; set; }

    public float Score { get; set; }

    public bool Approved { get; set; }
}

/// <summary>The same row read from a comma-separated text file.</summary>
public sealed class ScoredApplicantText
{
    [LoadColumn(0)]
    public float Income { get; set; }

    [LoadColumn(1)]
    public double Debt { get; set; }

    [LoadColumn(2)]
    public int Age { get; set; }

    [LoadColumn(3)]
    public byte Dependents { get; set; }

    [LoadColumn(4)]
    public string? Region { get; set; }

    [LoadColumn(5)]
    public bool HasCoSigner { get; set; }

    [LoadColumn(6)]
    public float Score { get; set; }

    [LoadColumn(7)]
    public bool Approved { get; set; }
}

/// <summary>Seeded synthetic applications with missing incomes and regions.</summary>
public static class Applicants
{
    public static readonly string[] Regions = ["EU", "US", "APAC", "LATAM"];

    public static readonly string[] Features = ["Income", "Debt", "Age", "Dependents", "Region", "HasCoSigner"];

    public static readonly string[] Predictions = ["Score", "Approved"];

    public static List<ScoredApplicant> Generate(int count, int seed, float incomeShift = 0, string? newRegion = null)
    {
        var random = new Random(seed);
        var rows = new List<ScoredApplicant>(count);
        for (var i = 0; i < count; i++)
        {
            var income = random.NextDouble() < 0.04 ? float.NaN : (float)(50_000 + (15_000 * Normal(random)) + incomeShift);
            var region = random.NextDouble() < 0.05 ? null
                : newRegion is not null && random.NextDouble() < 0.3 ? newRegion
                : Regions[random.Next(Regions.Length)];
            var score = float.IsNaN(income) ? 0.5f : (float)(1 / (1 + Math.Exp(-(income - 50_000) / 10_000)));
            rows.Add(new ScoredApplicant
            {
                Income = income,
                Debt = Math.Round(random.NextDouble() * 20_000, 2),
                Age = 20 + random.Next(50),
                Dependents = (byte)random.Next(4),
                Region = region,
                HasCoSigner = random.NextDouble() < 0.3,
                Score = score,
                Approved = score > 0.5f,
            });
        }

        return rows;
    }

    public static Applicant Input(ScoredApplicant r) => new()
    {
        Income = r.Income,
        Debt = r.Debt,
        Age = r.Age,
        Dependents = r.Dependents,
        Region = r.Region,
        HasCoSigner = r.HasCoSigner,
    };

    public static Decision Output(ScoredApplicant r) => new() { Score = r.Score, Approved = r.Approved };

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
