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
    private readonly double[] _edges;
    private readonly FrozenDictionary<string, int> _categorySlots;

    private FeatureLayout(FeatureProfile reference)
    {
        Reference = reference;
        Name = reference.Name;
        Kind = reference.Kind;
        _edges = [.. reference.Edges];
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
    public int NumericSlot(double value)
    {
        if (double.IsNaN(value))
        {
            return Missing;
        }

        var edges = _edges;
        if (edges.Length == 0 || value >= edges[^1])
        {
            return SecondSpecial;
        }

        if (value < edges[0])
        {
            return FirstSpecial;
        }

        // The last edge e with e <= value: bins are [e_j, e_{j+1}).
        int lo = 0, hi = edges.Length - 1;
        while (hi - lo > 1)
        {
            var mid = (lo + hi) >>> 1;
            if (edges[mid] <= value)
            {
                lo = mid;
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

    /// <summary>The slot of a boolean given as 0 (false), 1 (true) or -1 (missing).</summary>
    public int BooleanSlot(int value) => value < 0 ? Missing : value;

    /// <summary>Whether a slot is a data-quality issue: missing, out of the reference range, or an unseen category.</summary>
    public bool IsIssue(int slot) => Kind switch
    {
        FeatureKind.Numeric => slot >= Regular,
        FeatureKind.Categorical => slot > Regular,
        _ => slot == Missing,
    };

    /// <summary>Whether a slot is the unseen-category slot.</summary>
    public bool IsUnseen(int slot) => Kind == FeatureKind.Categorical && slot == SecondSpecial;
}
