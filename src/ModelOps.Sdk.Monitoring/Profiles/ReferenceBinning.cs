namespace ModelOps.Sdk.Monitoring.Profiles;

/// <summary>Fixes a feature's bins from its reference values, once, when the reference profile is fitted.</summary>
internal static class ReferenceBinning
{
    /// <summary>
    /// Numeric bins at the reference quantiles. The cut points are the order statistics at ranks <c>floor(i * n / B)</c> for
    /// <c>i = 1 .. B-1</c> (the lower quantile, no interpolation, so every edge is a value the reference had); the first edge is the
    /// minimum and the last the next double above the maximum. A value repeated at least <c>n / B</c> times (a whole bin's share) gets
    /// the single-value bin <c>[v, nextUp(v))</c>, so a point mass never smears across its neighbours' bins and identical quantiles
    /// never produce empty, zero-width bins.
    /// </summary>
    public static FeatureProfile Numeric(string name, ReadOnlySpan<double> values, int bins)
    {
        var finite = new List<double>(values.Length);
        foreach (var v in values)
        {
            if (double.IsFinite(v))
            {
                finite.Add(v);
            }
        }

        finite.Sort();
        var n = finite.Count;
        var edges = new SortedSet<double>();
        if (n > 0)
        {
            edges.Add(finite[0]);
            edges.Add(Math.BitIncrement(finite[^1]));
            for (var i = 1; i < bins; i++)
            {
                edges.Add(finite[(int)((long)i * n / bins)]);
            }

            for (var start = 0; start < n;)
            {
                var end = start + 1;
                while (end < n && finite[end] == finite[start])
                {
                    end++;
                }

                var run = end - start;
                if (run >= 2 && (long)run * bins >= n)
                {
                    edges.Add(finite[start]);
                    edges.Add(Math.BitIncrement(finite[start]));
                }

                start = end;
            }
        }

        // -0.0 and 0.0 compare equal; SortedSet keeps whichever came first, which is fine for [e, next) bins.
        var edgeArray = edges.ToArray();
        return new FeatureProfile
        {
            Name = name,
            Kind = FeatureKind.Numeric,
            Edges = edgeArray,
            Counts = new long[Math.Max(edgeArray.Length - 1, 0)],
        };
    }

    /// <summary>Categorical bins: the most frequent categories (ties by ordinal name), the rest recorded as "other".</summary>
    public static FeatureProfile Categorical(string name, IEnumerable<string?> values, ProfileOptions options)
    {
        var frequencies = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var v in values)
        {
            if (v is not null)
            {
                frequencies[v] = frequencies.GetValueOrDefault(v) + 1;
            }
        }

        var ranked = frequencies.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key).ToList();
        var top = ranked.Take(options.TopCategories).ToArray();
        var rest = ranked.Skip(options.TopCategories).ToList();
        var truncated = rest.Count > options.MaxOtherCategories;
        var others = rest.Take(options.MaxOtherCategories).Order(StringComparer.Ordinal).ToArray();
        return new FeatureProfile
        {
            Name = name,
            Kind = FeatureKind.Categorical,
            Categories = top,
            OtherCategories = others,
            OtherCategoriesTruncated = truncated,
            Counts = new long[top.Length],
        };
    }

    /// <summary>Boolean bins: false and true.</summary>
    public static FeatureProfile Boolean(string name) => new()
    {
        Name = name,
        Kind = FeatureKind.Boolean,
        Categories = ["false", "true"],
        Counts = new long[2],
    };
}
