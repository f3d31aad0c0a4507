using System.Text.Json.Serialization;

namespace ModelOps.Sdk.Monitoring.Profiles;

/// <summary>
/// Count, mean, sum of squared deviations, minimum and maximum of a feature's finite values, kept with Welford's update and
/// merged with the parallel formula of Chan, Golub and LeVeque, so two instances' moments merge into the moments of all their rows.
/// </summary>
/// <remarks>
/// Welford, "Note on a method for calculating corrected sums of squares and products", Technometrics 4(3), 1962; Chan, Golub and
/// LeVeque, "Updating formulae and a pairwise algorithm for computing sample variances", Stanford CS tech. report STAN-CS-79-773, 1979.
/// A merge agrees with a single pass over all rows to about 1e-12 relative for well-scaled data (the tests hold it to 1e-9).
/// </remarks>
/// <param name="Count">The number of finite values.</param>
/// <param name="Mean">Their mean.</param>
/// <param name="SumOfSquaredDeviations">The sum of squared deviations from the mean (Welford's M2).</param>
/// <param name="Min">The smallest value.</param>
/// <param name="Max">The largest value.</param>
public sealed record FeatureMoments(long Count, double Mean, double SumOfSquaredDeviations, double Min, double Max)
{
    /// <summary>Gets the sample variance (divisor <c>n - 1</c>, as <c>numpy.var(ddof=1)</c>); 0 with fewer than two values.</summary>
    [JsonIgnore]
    public double Variance => Count > 1 ? SumOfSquaredDeviations / (Count - 1) : 0;

    /// <summary>Gets the population variance (divisor <c>n</c>, as <c>numpy.var()</c>); 0 without values.</summary>
    [JsonIgnore]
    public double PopulationVariance => Count > 0 ? SumOfSquaredDeviations / Count : 0;

    /// <summary>Gets the population standard deviation, the scale Evidently normalises the Wasserstein distance by (<c>numpy.std()</c>).</summary>
    [JsonIgnore]
    public double PopulationStandardDeviation => Math.Sqrt(PopulationVariance);

    /// <summary>Merges the moments of two disjoint sets of values into those of their union (Chan et al. 1979, eq. 2.1).</summary>
    /// <param name="a">The first set's moments, or <see langword="null"/> when it had no finite value.</param>
    /// <param name="b">The second set's moments, or <see langword="null"/> when it had no finite value.</param>
    /// <returns>The union's moments, or <see langword="null"/> when neither had a finite value.</returns>
    public static FeatureMoments? Merge(FeatureMoments? a, FeatureMoments? b)
    {
        if (a is null || a.Count == 0)
        {
            return b;
        }

        if (b is null || b.Count == 0)
        {
            return a;
        }

        var (mean, m2) = Combine(a.Count, a.Mean, a.SumOfSquaredDeviations, b.Count, b.Mean, b.SumOfSquaredDeviations);
        return new FeatureMoments(a.Count + b.Count, mean, m2, Math.Min(a.Min, b.Min), Math.Max(a.Max, b.Max));
    }

    /// <summary>Chan et al.'s pairwise combination of (n, mean, M2) triples.</summary>
    internal static (double Mean, double M2) Combine(long na, double meanA, double m2A, long nb, double meanB, double m2B)
    {
        double n = na + nb;
        var delta = meanB - meanA;
        var mean = meanA + (delta * nb / n);
        var m2 = m2A + m2B + (delta * delta * ((double)na * nb / n));
        return (mean, m2);
    }
}
