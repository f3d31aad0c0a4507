namespace ModelOps.Sdk.Monitoring.Profiles;

/// <summary>
/// Mutable counts and moments for every feature of a profile, in flat arrays sized by features and bins and never by rows. Not
/// thread-safe: the streaming monitor gives each stripe its own and merges them under the stripes' locks.
/// </summary>
internal sealed class ProfileAccumulator
{
    private readonly FeatureLayout[] _layouts;
    private readonly int[] _offsets;
    private readonly long[] _counts;
    private readonly long[] _infinite;
    private readonly long[] _n;
    private readonly double[] _mean;
    private readonly double[] _m2;
    private readonly double[] _min;
    private readonly double[] _max;
    private readonly string?[] _unseen;
    private readonly int[] _unseenCount;

    public ProfileAccumulator(FeatureLayout[] layouts, int featureCount)
    {
        _layouts = layouts;
        FeatureCount = featureCount;
        _offsets = new int[layouts.Length + 1];
        for (var i = 0; i < layouts.Length; i++)
        {
            _offsets[i + 1] = _offsets[i] + layouts[i].SlotCount;
        }

        _counts = new long[_offsets[^1]];
        _infinite = new long[layouts.Length];
        _n = new long[layouts.Length];
        _mean = new double[layouts.Length];
        _m2 = new double[layouts.Length];
        _min = new double[layouts.Length];
        _max = new double[layouts.Length];
        _unseen = new string?[layouts.Length * FeatureProfile.MaxUnseenExamples];
        _unseenCount = new int[layouts.Length];
        Reset();
    }

    /// <summary>Gets how many of the layouts are input features; the rest are predictions.</summary>
    public int FeatureCount { get; }

    public long Rows { get; private set; }

    public long BadRows { get; private set; }

    /// <summary>The bytes held by the arrays, for memory reports.</summary>
    public long StateBytes => (_counts.Length * 8L) + (_layouts.Length * 8L * 7) + (_unseen.Length * 8L);

    public void AddNumeric(int feature, int slot, double value)
    {
        _counts[_offsets[feature] + slot]++;
        if (double.IsFinite(value))
        {
            AddMoment(feature, value);
        }
        else if (double.IsInfinity(value))
        {
            _infinite[feature]++;
        }
    }

    public void AddBoolean(int feature, int slot)
    {
        _counts[_offsets[feature] + slot]++;
        if (slot < 2)
        {
            AddMoment(feature, slot);
        }
    }

    public void AddCategory(int feature, int slot, string? value)
    {
        _counts[_offsets[feature] + slot]++;
        if (value is not null && _layouts[feature].IsUnseen(slot))
        {
            RememberUnseen(feature, value);
        }
    }

    public void EndRow(bool bad)
    {
        Rows++;
        if (bad)
        {
            BadRows++;
        }
    }

    /// <summary>Adds a row in which every feature is missing (a null row, counted, never dropped).</summary>
    public void AddMissingRow(int fromFeature, int toFeature)
    {
        for (var f = fromFeature; f < toFeature; f++)
        {
            _counts[_offsets[f] + _layouts[f].Missing]++;
        }
    }

    public void AddRowCounts(long rows, long badRows)
    {
        Rows += rows;
        BadRows += badRows;
    }

    public void MergeFrom(ProfileAccumulator other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        for (var f = 0; f < _layouts.Length; f++)
        {
            _infinite[f] += other._infinite[f];
            MergeMoment(f, other._n[f], other._mean[f], other._m2[f], other._min[f], other._max[f]);
            for (var k = 0; k < other._unseenCount[f]; k++)
            {
                RememberUnseen(f, other._unseen[(f * FeatureProfile.MaxUnseenExamples) + k]!);
            }
        }

        Rows += other.Rows;
        BadRows += other.BadRows;
    }

    /// <summary>Adds a profile built against the same layouts (for merging windows and instances).</summary>
    public void MergeFrom(DataProfile profile)
    {
        var all = profile.Features.Concat(profile.Predictions).ToArray();
        for (var f = 0; f < _layouts.Length; f++)
        {
            var p = all[f];
            var o = _offsets[f];
            for (var s = 0; s < p.Counts.Count; s++)
            {
                _counts[o + s] += p.Counts[s];
            }

            var layout = _layouts[f];
            _counts[o + layout.FirstSpecial] += p.Kind == FeatureKind.Numeric ? p.UnderflowCount : p.OtherCount;
            _counts[o + layout.SecondSpecial] += p.Kind == FeatureKind.Numeric ? p.OverflowCount : p.UnseenCount;
            _counts[o + layout.Missing] += p.MissingCount;
            _infinite[f] += p.InfiniteCount;
            if (p.Moments is { Count: > 0 } m)
            {
                MergeMoment(f, m.Count, m.Mean, m.SumOfSquaredDeviations, m.Min, m.Max);
            }

            foreach (var name in p.UnseenExamples)
            {
                RememberUnseen(f, name);
            }
        }

        Rows += profile.RowCount;
        BadRows += profile.BadRowCount;
    }

    public void Reset()
    {
        Array.Clear(_counts);
        Array.Clear(_infinite);
        Array.Clear(_n);
        Array.Clear(_mean);
        Array.Clear(_m2);
        Array.Fill(_min, double.PositiveInfinity);
        Array.Fill(_max, double.NegativeInfinity);
        Array.Clear(_unseen);
        Array.Clear(_unseenCount);
        Rows = 0;
        BadRows = 0;
    }

    public DataProfile ToProfile()
    {
        var features = new FeatureProfile[FeatureCount];
        var predictions = new FeatureProfile[_layouts.Length - FeatureCount];
        for (var f = 0; f < _layouts.Length; f++)
        {
            var profile = ToFeatureProfile(f);
            if (f < FeatureCount)
            {
                features[f] = profile;
            }
            else
            {
                predictions[f - FeatureCount] = profile;
            }
        }

        return new DataProfile { RowCount = Rows, BadRowCount = BadRows, Features = features, Predictions = predictions };
    }

    private FeatureProfile ToFeatureProfile(int f)
    {
        var layout = _layouts[f];
        var reference = layout.Reference;
        var counts = _counts.AsSpan(_offsets[f], layout.SlotCount);
        long total = 0;
        foreach (var c in counts)
        {
            total += c;
        }

        var numeric = layout.Kind == FeatureKind.Numeric;
        var categorical = layout.Kind == FeatureKind.Categorical;
        return new FeatureProfile
        {
            Name = reference.Name,
            Kind = reference.Kind,
            Edges = reference.Edges,
            Categories = reference.Categories,
            OtherCategories = reference.OtherCategories,
            OtherCategoriesTruncated = reference.OtherCategoriesTruncated,
            Counts = counts[..layout.Regular].ToArray(),
            Count = total,
            MissingCount = counts[layout.Missing],
            UnderflowCount = numeric ? counts[layout.FirstSpecial] : 0,
            OverflowCount = numeric ? counts[layout.SecondSpecial] : 0,
            OtherCount = categorical ? counts[layout.FirstSpecial] : 0,
            UnseenCount = categorical ? counts[layout.SecondSpecial] : 0,
            InfiniteCount = _infinite[f],
            UnseenExamples = _unseen.AsSpan(f * FeatureProfile.MaxUnseenExamples, _unseenCount[f]).ToArray()!,
            Moments = categorical || _n[f] == 0 ? null : new FeatureMoments(_n[f], _mean[f], _m2[f], _min[f], _max[f]),
        };
    }

    private void AddMoment(int f, double x)
    {
        // Welford (1962): one pass, no catastrophic cancellation.
        var n = ++_n[f];
        var delta = x - _mean[f];
        _mean[f] += delta / n;
        _m2[f] += delta * (x - _mean[f]);
        if (x < _min[f])
        {
            _min[f] = x;
        }

        if (x > _max[f])
        {
            _max[f] = x;
        }
    }

    private void MergeMoment(int f, long nb, double meanB, double m2B, double minB, double maxB)
    {
        if (nb == 0)
        {
            return;
        }

        var na = _n[f];
        if (na == 0)
        {
            (_n[f], _mean[f], _m2[f], _min[f], _max[f]) = (nb, meanB, m2B, minB, maxB);
            return;
        }

        (_mean[f], _m2[f]) = FeatureMoments.Combine(na, _mean[f], _m2[f], nb, meanB, m2B);
        _n[f] = na + nb;
        _min[f] = Math.Min(_min[f], minB);
        _max[f] = Math.Max(_max[f], maxB);
    }

    private void RememberUnseen(int f, string value)
    {
        var count = _unseenCount[f];
        if (count == FeatureProfile.MaxUnseenExamples)
        {
            return;
        }

        var start = f * FeatureProfile.MaxUnseenExamples;
        for (var k = 0; k < count; k++)
        {
            if (string.Equals(_unseen[start + k], value, StringComparison.Ordinal))
            {
                return;
            }
        }

        _unseen[start + count] = value;
        _unseenCount[f] = count + 1;
    }
}
