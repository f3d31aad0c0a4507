using System.Runtime.CompilerServices;

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
    private readonly Moment[] _moments;
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
        _moments = new Moment[layouts.Length];
        _unseen = new string?[layouts.Length * FeatureProfile.MaxUnseenExamples];
        _unseenCount = new int[layouts.Length];
        Reset();
    }

    /// <summary>Gets how many of the layouts are input features; the rest are predictions.</summary>
    public int FeatureCount { get; }

    public long Rows { get; private set; }

    public long BadRows { get; private set; }

    /// <summary>The bytes held by the arrays, for memory reports.</summary>
    public long StateBytes => (_counts.Length * 8L) + (_layouts.Length * (8L + 8L + 40L + 4L)) + (_unseen.Length * 8L);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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
            ref var o = ref other._moments[f];
            MergeMoment(f, (long)o.N, o.Mean, o.M2, o.Min, o.Max);
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
        Array.Fill(_moments, new Moment { Min = double.PositiveInfinity, Max = double.NegativeInfinity });
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
            Moments = categorical || _moments[f].N == 0 ? null : new FeatureMoments((long)_moments[f].N, _moments[f].Mean, _moments[f].M2, _moments[f].Min, _moments[f].Max),
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddMoment(int f, double x)
    {
        // Welford (1962): one pass, no catastrophic cancellation. The count is kept as a double (exact below 2^53) so the
        // update needs no integer conversion.
        ref var m = ref _moments[f];
        var n = m.N + 1;
        m.N = n;
        var delta = x - m.Mean;
        m.Mean += delta / n;
        m.M2 += delta * (x - m.Mean);
        m.Min = Math.Min(m.Min, x);
        m.Max = Math.Max(m.Max, x);
    }

    private void MergeMoment(int f, long nb, double meanB, double m2B, double minB, double maxB)
    {
        if (nb == 0)
        {
            return;
        }

        ref var m = ref _moments[f];
        var na = (long)m.N;
        if (na == 0)
        {
            m = new Moment { N = nb, Mean = meanB, M2 = m2B, Min = minB, Max = maxB };
            return;
        }

        (m.Mean, m.M2) = FeatureMoments.Combine(na, m.Mean, m.M2, nb, meanB, m2B);
        m.N = na + nb;
        m.Min = Math.Min(m.Min, minB);
        m.Max = Math.Max(m.Max, maxB);
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

    /// <summary>One feature's Welford state, kept together so an update touches one cache line.</summary>
    private struct Moment
    {
        public double N;
        public double Mean;
        public double M2;
        public double Min;
        public double Max;
    }
}
