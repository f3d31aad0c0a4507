using ModelOps.Sdk.Monitoring.Schema;

namespace ModelOps.Sdk.Monitoring.Tests.Profiles;

/// <summary>The channel an application came through (an enum feature).</summary>
public enum Channel
{
    Branch,
    Web,
    Partner,
}

/// <summary>A loan application: numeric, nullable numeric, string, enum and boolean features.</summary>
public sealed record LoanRow(double Income, int? Age, string? Region, Channel Channel, bool HasCoSigner);

/// <summary>The model's output: a score and a decision.</summary>
public sealed record LoanDecision(double Score, bool Approved);

/// <summary>Rows and schemas shared by the profile and monitor tests, generated from a seed.</summary>
public static class ProfileRows
{
    public static readonly string[] Regions = ["EU", "US", "APAC", "LATAM"];

    public static MonitoringSchema<LoanRow, LoanDecision> Schema { get; } = MonitoringSchema.FromProperties<LoanRow, LoanDecision>();

    public static (List<LoanRow> Rows, List<LoanDecision> Decisions) Generate(int count, int seed, double incomeShift = 0, string? extraRegion = null)
    {
        var random = new Random(seed);
        var rows = new List<LoanRow>(count);
        var decisions = new List<LoanDecision>(count);
        for (var i = 0; i < count; i++)
        {
            var income = 50_000 + (15_000 * Normal(random)) + incomeShift;
            int? age = random.NextDouble() < 0.05 ? null : 20 + random.Next(50);
            var region = extraRegion is not null && random.NextDouble() < 0.2 ? extraRegion : Regions[random.Next(Regions.Length)];
            var row = new LoanRow(income, age, region, (Channel)random.Next(3), random.NextDouble() < 0.3);
            rows.Add(row);
            var score = 1 / (1 + Math.Exp(-(income - 50_000) / 10_000));
            decisions.Add(new LoanDecision(score, score > 0.5));
        }

        return (rows, decisions);
    }

    public static double Normal(Random random)
    {
        // Box-Muller.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
