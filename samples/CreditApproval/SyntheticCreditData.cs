namespace CreditApproval;

/// <summary>
/// Generates credit applications from a known logistic model, so the sample needs no download and its results are reproducible.
/// </summary>
internal static class SyntheticCreditData
{
    public static List<Applicant> Generate(int count, int seed, double driftInDebt = 0)
    {
        var random = new Random(seed);
        var applicants = new List<Applicant>(count);
        for (var i = 0; i < count; i++)
        {
            var income = Math.Exp(10.8 + (0.45 * Normal(random)));
            var debt = Math.Clamp(0.30 + driftInDebt + (0.12 * Normal(random)), 0.01, 0.95);
            var history = Math.Max(0, 8 + (5 * Normal(random)));
            var late = Poisson(random, 0.6);
            var loan = Math.Max(1_000, 15_000 + (9_000 * Normal(random)));
            var region = random.NextDouble() < 0.55 ? "EU" : "US";

            // The true risk: higher debt ratio, late payments and loan size raise it; income and history lower it.
            var logit = -2.2 + (5.5 * (debt - 0.3)) + (0.9 * late) + (0.6 * ((loan / 50_000) - 0.3)) - (0.9 * ((income / 100_000) - 0.5)) - (0.08 * (history - 8));
            var defaulted = random.NextDouble() < 1 / (1 + Math.Exp(-logit));
            applicants.Add(new Applicant(income, debt, history, late, loan, region, defaulted));
        }

        return applicants;
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static int Poisson(Random random, double lambda)
    {
        var limit = Math.Exp(-lambda);
        var k = 0;
        var p = random.NextDouble();
        while (p > limit)
        {
            k++;
            p *= random.NextDouble();
        }

        return k;
    }
}
