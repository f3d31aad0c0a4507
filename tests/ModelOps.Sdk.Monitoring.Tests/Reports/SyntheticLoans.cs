using ModelOps.Sdk.Monitoring.Tests.Profiles;

namespace ModelOps.Sdk.Monitoring.Tests.Reports;

/// <summary>Seeded synthetic loan rows whose distribution can be shifted one way at a time.</summary>
public sealed record SyntheticLoans(double IncomeMean = 50_000, double IncomeSd = 15_000, double NewRegionShare = 0, double AgeMissingShare = 0.05)
{
    public (List<LoanRow> Rows, List<LoanDecision> Decisions) Generate(int count, int seed)
    {
        var random = new Random(seed);
        var rows = new List<LoanRow>(count);
        var decisions = new List<LoanDecision>(count);
        for (var i = 0; i < count; i++)
        {
            var income = IncomeMean + (IncomeSd * ProfileRows.Normal(random));
            int? age = random.NextDouble() < AgeMissingShare ? null : 20 + random.Next(50);
            var region = random.NextDouble() < NewRegionShare ? "MARS" : ProfileRows.Regions[random.Next(ProfileRows.Regions.Length)];
            rows.Add(new LoanRow(income, age, region, (Channel)random.Next(3), random.NextDouble() < 0.3));
            var score = 1 / (1 + Math.Exp(-(income - 50_000) / 10_000));
            decisions.Add(new LoanDecision(score, score > 0.5));
        }

        return (rows, decisions);
    }
}
