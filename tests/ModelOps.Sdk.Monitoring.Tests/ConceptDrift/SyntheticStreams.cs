using ModelOps.Sdk.Monitoring.ConceptDrift;

namespace ModelOps.Sdk.Monitoring.Tests.ConceptDrift;

/// <summary>Seeded synthetic streams with a known change point, and the detection delay and false alarms of a detector on them.</summary>
public static class SyntheticStreams
{
    /// <summary>Bernoulli errors with rate <paramref name="before"/> up to <paramref name="changeAt"/>, then <paramref name="after"/>.</summary>
    public static double[] Errors(int seed, int length, int changeAt, double before, double after)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(i => random.NextDouble() < (i < changeAt ? before : after) ? 1.0 : 0.0).ToArray();
    }

    /// <summary>Normal values (σ = <paramref name="sigma"/>) whose mean moves from <paramref name="before"/> to <paramref name="after"/> at <paramref name="changeAt"/>.</summary>
    public static double[] Gaussian(int seed, int length, int changeAt, double before, double after, double sigma)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(i =>
        {
            var z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            return (i < changeAt ? before : after) + (sigma * z);
        }).ToArray();
    }

    /// <summary>Feeds the stream; returns the alarms before the change and the delay to the first alarm at or after it (null if none).</summary>
    public static (int FalseAlarms, int? Delay) Run(IConceptDriftDetector detector, double[] stream, int changeAt)
    {
        var falseAlarms = 0;
        int? delay = null;
        for (var i = 0; i < stream.Length; i++)
        {
            if (detector.Update(stream[i]) != ConceptDriftState.Drift)
            {
                continue;
            }

            if (i < changeAt)
            {
                falseAlarms++;
            }
            else if (delay is null)
            {
                delay = i - changeAt;
            }
        }

        return (falseAlarms, delay);
    }
}
