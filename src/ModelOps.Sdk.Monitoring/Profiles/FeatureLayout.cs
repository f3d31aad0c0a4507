using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Collections.Frozen;

namespace ModelOps.Sdk.Monitoring.Profiles;

/// <summary>
/// A feature's bins in the form the hot path needs: the edges as an array, the categories as a frozen dictionary. Built once from
/// a reference <see cref="FeatureProfile"/>; immutable and shared by every thread.
/// </summary>
/// <remarks>Slots: <c>0 .. Regular-1</c> the regular bins, then <see cref="FirstSpecial"/> (underflow or other),
/// <see cref="SecondSpecial"/> (overflow or unseen) and <see cref="Missing"/>.</remarks>
internal sealed class FeatureLayout
{
    /// <summary>The most edges searched by a linear vector compare rather than a binary search.</summary>
    public const int LinearSearchLimit = 64;

    private readonly double[] _edges;
    private readonly double[] _paddedEdges;
    private readonly int _edgeCount;
    private readonly FrozenDictionary<string, int> _categorySlots;

    private FeatureLayout(FeatureProfile reference)
    {
        Reference = reference;
        Name = reference.Name;
        Kind = reference.Kind;
        _edges = [.. reference.Edges];
        _edgeCount = _edges.Length;
        _paddedEdges = new double[(_edges.Length + 3) / 4 * 4];
        Array.Fill(_paddedEdges, double.PositiveInfinity);
        _edges.CopyTo(_paddedEdges, 0);
        Regular = reference.Counts.Count;
        var slots = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < reference.Categories.Count; i++)
        {
            slots[reference.Categories[i]] = i;
        }

        foreach (var other in reference.OtherCategories)
        {
            slots.TryAdd(other, FirstSpecial);
        }

        _categorySlots = slots.ToFrozenDictionary(StringComparer.Ordinal);
        UnknownCategorySlot = reference.OtherCategoriesTruncated ? FirstSpecial : SecondSpecial;
    }

    public FeatureProfile Reference { get; }

    public string Name { get; }

    public FeatureKind Kind { get; }

    public int Regular { get; }

    public int FirstSpecial => Regular;

    public int SecondSpecial => Regular + 1;

    public int Missing => Regular + 2;

    public int SlotCount => Regular + 3;

    private int UnknownCategorySlot { get; }

    public static FeatureLayout From(FeatureProfile reference) => new(reference);

    /// <summary>The slot of a numeric value: missing for NaN, underflow below the first edge, overflow at or above the last.</summary>
    /// <remarks>
    /// Counts the edges at or below the value, which is the bin index plus one (0: underflow; all: overflow). Up to
    /// <see cref="LinearSearchLimit"/> edges this is a branch-free vector compare over edges padded with +infinity to whole vectors,
    /// a few cycles with nothing to mispredict (a binary search over random values mispredicts at almost every level); above it,
    /// a binary search.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int NumericSlot(double value)
    {
        if (double.IsNaN(value))
        {
            return Missing;
        }

        if (_edgeCount == 0)
        {
            return SecondSpecial;   // no reference value: every finite value is out of range
        }

        var count = _edges.Length <= LinearSearchLimit ? CountAtOrBelowVectorized(value) : CountAtOrBelowBinary(value);
        return count == 0 ? FirstSpecial : count >= _edgeCount ? SecondSpecial : count - 1;
    }

    private int CountAtOrBelowVectorized(double value)
    {
        ref var edges = ref MemoryMarshal.GetArrayDataReference(_paddedEdges);
        var count = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var x = Vector256.Create(value);
            for (var i = 0; i < _paddedEdges.Length; i += Vector256<double>.Count)
            {
                var mask = Vector256.LessThanOrEqual(Vector256.LoadUnsafe(ref edges, (nuint)i), x).ExtractMostSignificantBits();
                count += BitOperations.PopCount(mask);
            }

            return count;
        }

        for (var i = 0; i < _paddedEdges.Length; i++)
        {
            count += Unsafe.Add(ref edges, i) <= value ? 1 : 0;
        }

        return count;
    }

    private int CountAtOrBelowBinary(double value)
    {
        // The number of edges e with e <= value (upper bound).
        int lo = 0, hi = _edges.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_edges[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>The slot of a category: its own bin, "other", "unseen", or missing for null.</summary>
    public int CategorySlot(string? value) =>
        value is null ? Missing : _categorySlots.TryGetValue(value, out var slot) ? slot : UnknownCategorySlot;

    /// <summary>The missing slot of every boolean feature (two regular bins, then three special slots).</summary>
    public const int BooleanMissing = 4;

    /// <summary>Whether a slot is the unseen-category slot.</summary>
    public bool IsUnseen(int slot) => Kind == FeatureKind.Categorical && slot == SecondSpecial;
}
