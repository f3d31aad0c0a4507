using System.Text.Json.Serialization;

namespace ModelOps.Sdk.Routing.Statistics;

/// <summary>
/// Count, mean and sum of squared deviations of a stream of numbers, updated one value at a time and mergeable across instances.
/// </summary>
/// <remarks>
/// <para>Adding a value uses Welford's update (B. P. Welford, "Note on a method for calculating corrected sums of squares and
/// products", Technometrics 4(3), 1962); merging two summaries uses the pairwise formula of Chan, Golub and LeVeque ("Updating
/// formulae and a pairwise algorithm for computing sample variances", 1979): with δ = mean_b − mean_a,
/// mean = mean_a + δ·n_b/n and M2 = M2_a + M2_b + δ²·n_a·n_b/n. Both are numerically stable where the textbook
/// sum-of-squares formula cancels catastrophically.</para>
/// <para>The value is immutable; <see cref="Add(double)"/> and <see cref="Merge"/> return new values.</para>
/// </remarks>
/// <param name="Count">How many values were added.</param>
/// <param name="Mean">Their mean (0 when there are none).</param>
/// <param name="M2">The sum of squared deviations from the mean.</param>
public readonly record struct RunningMoments(long Count, double Mean, double M2)
{
    /// <summary>Gets the sample variance (divisor n − 1), or 0 with fewer than two values.</summary>
    [JsonIgnore]
    public double Variance => Count > 1 ? M2 / (Count - 1) : 0d;

    /// <summary>Gets the population variance (divisor n), or 0 with no values.</summary>
    [JsonIgnore]
    public double PopulationVariance => Count > 0 ? M2 / Count : 0d;

    /// <summary>Gets the sample standard deviation.</summary>
    [JsonIgnore]
    public double StandardDeviation => Math.Sqrt(Variance);

    /// <summary>Gets the sum of the values.</summary>
    [JsonIgnore]
    public double Sum => Mean * Count;

    /// <summary>Returns the moments with one more value.</summary>
    /// <param name="value">The value; it must be finite.</param>
    /// <returns>The updated moments.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is NaN or infinite.</exception>
    public RunningMoments Add(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Only finite values can be added to running moments.");
        }

        // Welford (1962).
        var count = Count + 1;
        var delta = value - Mean;
        var mean = Mean + (delta / count);
        return new RunningMoments(count, mean, M2 + (delta * (value - mean)));
    }

    /// <summary>Combines the moments of two disjoint sets of values into the moments of their union.</summary>
    /// <param name="a">The first summary.</param>
    /// <param name="b">The second summary.</param>
    /// <returns>The summary of all values of both.</returns>
    public static RunningMoments Merge(RunningMoments a, RunningMoments b)
    {
        if (a.Count == 0)
        {
            return b;
        }

        if (b.Count == 0)
        {
            return a;
        }

        // Chan, Golub and LeVeque (1979), pairwise update.
        var count = a.Count + b.Count;
        var delta = b.Mean - a.Mean;
        var mean = a.Mean + (delta * b.Count / count);
        var m2 = a.M2 + b.M2 + (delta * delta * ((double)a.Count * b.Count / count));
        return new RunningMoments(count, mean, m2);
    }
}
