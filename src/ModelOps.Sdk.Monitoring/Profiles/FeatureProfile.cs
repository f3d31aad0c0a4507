using System.Globalization;
using System.Text.Json.Serialization;

namespace ModelOps.Sdk.Monitoring.Profiles;

/// <summary>
/// The profile of one feature (an input column or a model output): how many values were seen, how many were missing, their
/// moments, and their counts in the bins fixed by the reference profile.
/// </summary>
/// <remarks>
/// <para><b>Bins.</b> A numeric feature's regular bins are the half-open intervals <c>[Edges[j], Edges[j + 1])</c>. The edges are the
/// reference's quantiles, fixed when the reference is fitted and never recomputed from current data; the first edge is the
/// reference minimum and the last is the next double above the reference maximum, so every reference value falls in a regular bin.
/// A value repeated in at least one bin's share of the reference rows gets a bin of its own, <c>[v, nextUp(v))</c>. Values below
/// the first edge count in <see cref="UnderflowCount"/>, values at or above the last in <see cref="OverflowCount"/> (infinities
/// included, and also counted in <see cref="InfiniteCount"/>), null and NaN in <see cref="MissingCount"/>.</para>
/// <para>A categorical feature's regular bins are its reference's most frequent <see cref="Categories"/>; the reference's other
/// categories (<see cref="OtherCategories"/>) share <see cref="OtherCount"/>, categories the reference never had count in
/// <see cref="UnseenCount"/> (the first few are named in <see cref="UnseenExamples"/>), null in <see cref="MissingCount"/>.
/// A boolean feature has the two regular bins <c>false</c> and <c>true</c>.</para>
/// <para>Profiles of the same feature merge only when their bins are identical; see <see cref="DataProfile.Merge"/>.</para>
/// </remarks>
public sealed record FeatureProfile
{
    /// <summary>The most unseen categories a profile names in <see cref="UnseenExamples"/>.</summary>
    public const int MaxUnseenExamples = 8;

    /// <summary>Gets the feature's name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets how the feature is profiled.</summary>
    public required FeatureKind Kind { get; init; }

    /// <summary>Gets a numeric feature's bin edges (strictly increasing, one more than <see cref="Counts"/>); empty for other kinds.</summary>
    public IReadOnlyList<double> Edges { get; init; } = [];

    /// <summary>Gets a categorical feature's categories with a bin of their own (most frequent in the reference first), or
    /// <c>false</c>, <c>true</c> for a boolean feature; empty for a numeric feature.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Gets the reference's categories that share the "other" bin, in ordinal order.</summary>
    public IReadOnlyList<string> OtherCategories { get; init; } = [];

    /// <summary>
    /// Gets a value indicating whether the reference had more categories than the profile records (see
    /// <see cref="ProfileOptions.MaxOtherCategories"/>); then a category not recorded counts as "other", since it may have been seen.
    /// </summary>
    public bool OtherCategoriesTruncated { get; init; }

    /// <summary>Gets the count in each regular bin.</summary>
    public required IReadOnlyList<long> Counts { get; init; }

    /// <summary>Gets the number of rows observed for this feature, missing values included.</summary>
    public long Count { get; init; }

    /// <summary>Gets the number of null or NaN values.</summary>
    public long MissingCount { get; init; }

    /// <summary>Gets the number of numeric values below the first edge (below the reference minimum), negative infinity included.</summary>
    public long UnderflowCount { get; init; }

    /// <summary>Gets the number of numeric values at or above the last edge (above the reference maximum), positive infinity included.</summary>
    public long OverflowCount { get; init; }

    /// <summary>Gets the number of numeric values that were positive or negative infinity (also counted in the under- or overflow).</summary>
    public long InfiniteCount { get; init; }

    /// <summary>Gets the number of categorical values in the reference's "other" categories.</summary>
    public long OtherCount { get; init; }

    /// <summary>Gets the number of categorical values the reference never had.</summary>
    public long UnseenCount { get; init; }

    /// <summary>Gets the first unseen categories met, at most <see cref="MaxUnseenExamples"/>.</summary>
    public IReadOnlyList<string> UnseenExamples { get; init; } = [];

    /// <summary>Gets the moments of the finite values (numeric), or of 0 and 1 (boolean); <see langword="null"/> for a categorical
    /// feature or when no finite value was seen.</summary>
    public FeatureMoments? Moments { get; init; }

    /// <summary>Gets the number of slots in <see cref="GetBinnedCounts"/>: the regular bins and three special bins.</summary>
    [JsonIgnore]
    public int BinnedSlotCount => Counts.Count + 3;

    /// <summary>
    /// Gets every count as one vector, in the order <see cref="GetBinLabels"/> names: the regular bins, then for a numeric feature
    /// underflow, overflow, missing; for a categorical feature other, unseen, missing; for a boolean feature two empty slots and missing.
    /// Drift methods compare these vectors, so missing, unseen and out-of-range values show up as drift in their own bins.
    /// </summary>
    /// <returns>A new array of <see cref="BinnedSlotCount"/> counts.</returns>
    public long[] GetBinnedCounts()
    {
        var result = new long[BinnedSlotCount];
        for (var i = 0; i < Counts.Count; i++)
        {
            result[i] = Counts[i];
        }

        var r = Counts.Count;
        (result[r], result[r + 1]) = Kind switch
        {
            FeatureKind.Numeric => (UnderflowCount, OverflowCount),
            FeatureKind.Categorical => (OtherCount, UnseenCount),
            _ => (0L, 0L),
        };
        result[r + 2] = MissingCount;
        return result;
    }

    /// <summary>Gets a label for each slot of <see cref="GetBinnedCounts"/>, for reports.</summary>
    /// <returns>The labels, for example <c>[0.5, 1.25)</c>, <c>=3</c>, <c>underflow</c>, <c>EU</c>, <c>(other)</c>, <c>(missing)</c>.</returns>
    public string[] GetBinLabels()
    {
        var labels = new string[BinnedSlotCount];
        if (Kind == FeatureKind.Numeric)
        {
            for (var i = 0; i < Counts.Count; i++)
            {
                var lo = Edges[i];
                var hi = Edges[i + 1];
                labels[i] = hi == Math.BitIncrement(lo)
                    ? string.Create(CultureInfo.InvariantCulture, $"={lo:R}")
                    : string.Create(CultureInfo.InvariantCulture, $"[{lo:R}, {hi:R})");
            }

            labels[Counts.Count] = "(underflow)";
            labels[Counts.Count + 1] = "(overflow)";
        }
        else
        {
            for (var i = 0; i < Counts.Count; i++)
            {
                labels[i] = Categories[i];
            }

            labels[Counts.Count] = Kind == FeatureKind.Categorical ? "(other)" : "(unused)";
            labels[Counts.Count + 1] = Kind == FeatureKind.Categorical ? "(unseen)" : "(unused)";
        }

        labels[Counts.Count + 2] = "(missing)";
        return labels;
    }

    /// <summary>Gets the share of the most frequent single value among the non-missing values, when the bins can tell it: the
    /// largest category bin, or the largest single-value numeric bin, or 1 when a numeric feature's minimum equals its maximum.</summary>
    /// <returns>The share in [0, 1], or <see langword="null"/> when there is no non-missing value.</returns>
    public double? GetTopValueShare()
    {
        var present = Count - MissingCount;
        if (present <= 0)
        {
            return null;
        }

        if (Kind == FeatureKind.Numeric && Moments is { } m && m.Count == present && m.Min == m.Max)
        {
            return 1.0;
        }

        long top = 0;
        for (var i = 0; i < Counts.Count; i++)
        {
            var single = Kind != FeatureKind.Numeric || Edges[i + 1] == Math.BitIncrement(Edges[i]);
            if (single && Counts[i] > top)
            {
                top = Counts[i];
            }
        }

        return (double)top / present;
    }

    /// <summary>Tells whether another profile of this feature has the same bins, naming the first difference.</summary>
    internal string? DescribeBinDifference(FeatureProfile other)
    {
        if (!string.Equals(Name, other.Name, StringComparison.Ordinal))
        {
            return $"the feature is named '{other.Name}' on one side";
        }

        if (Kind != other.Kind)
        {
            return $"it is {Kind} on one side and {other.Kind} on the other";
        }

        if (!Edges.SequenceEqual(other.Edges))
        {
            return $"the bin edges differ ({Edges.Count} and {other.Edges.Count} edges; profiles merge only against the same reference)";
        }

        if (!Categories.SequenceEqual(other.Categories, StringComparer.Ordinal))
        {
            return "the categories with their own bin differ";
        }

        if (!OtherCategories.SequenceEqual(other.OtherCategories, StringComparer.Ordinal) || OtherCategoriesTruncated != other.OtherCategoriesTruncated)
        {
            return "the reference's other categories differ";
        }

        return null;
    }

    /// <summary>Checks the invariants a deserialized profile must hold, naming the first one broken.</summary>
    internal string? DescribeInvalidity()
    {
        if (string.IsNullOrEmpty(Name))
        {
            return "a feature has no name";
        }

        var expected = Kind switch
        {
            FeatureKind.Numeric => Math.Max(Edges.Count - 1, 0),
            _ => Categories.Count,
        };
        if (Counts.Count != expected)
        {
            return $"feature '{Name}' has {Counts.Count} counts for {expected} bins";
        }

        if (Kind == FeatureKind.Boolean && !Categories.SequenceEqual(["false", "true"], StringComparer.Ordinal))
        {
            return $"boolean feature '{Name}' must have the categories false and true";
        }

        for (var i = 1; i < Edges.Count; i++)
        {
            if (!(Edges[i] > Edges[i - 1]))
            {
                return $"feature '{Name}' has bin edges that do not increase at position {i}";
            }
        }

        if (Counts.Any(c => c < 0) || MissingCount < 0 || UnderflowCount < 0 || OverflowCount < 0 || OtherCount < 0 || UnseenCount < 0 || InfiniteCount < 0)
        {
            return $"feature '{Name}' has a negative count";
        }

        var total = Counts.Sum() + UnderflowCount + OverflowCount + OtherCount + UnseenCount + MissingCount;
        return total != Count ? $"feature '{Name}' has bins summing to {total} for a count of {Count}" : null;
    }
}
