using System.Runtime.CompilerServices;
using ModelOps.Sdk.Monitoring.Profiles;

namespace ModelOps.Sdk.Monitoring.Schema;

/// <summary>
/// Reads a row through the schema's compiled readers and finds each value's slot in the reference's bins (no lock needed, no
/// allocation), then applies the values to an accumulator (under the caller's lock). The two halves are split so the streaming
/// monitor holds its stripe lock only for the increments. Features are grouped by kind up front so the per-row loops carry no
/// switch and no generic dispatch.
/// </summary>
internal sealed class RowRecorder<TInput, TOutput>
{
    private readonly FeatureLayout[] _layouts;
    private readonly Group<TInput> _inputs;
    private readonly Group<TOutput> _outputs;
    private readonly int[] _numeric;
    private readonly int[] _boolean;
    private readonly int[] _categorical;
    private readonly int[] _issueFrom;

    public RowRecorder(MonitoringSchema<TInput, TOutput> schema, DataProfile reference)
    {
        schema.EnsureMatches(reference);
        _layouts = reference.CreateLayouts();
        _inputs = new Group<TInput>(schema.InputReaders, _layouts, 0);
        _outputs = new Group<TOutput>(schema.OutputReaders, _layouts, schema.InputReaders.Length);
        _numeric = Indices(FeatureKind.Numeric);
        _boolean = Indices(FeatureKind.Boolean);
        _categorical = Indices(FeatureKind.Categorical);

        // The first slot that is a data-quality issue: numeric under/overflow and missing; categorical unseen and missing (not
        // "other", a known category); boolean missing.
        _issueFrom = [.. _layouts.Select(l => l.Kind switch
        {
            FeatureKind.Numeric => l.Regular,
            FeatureKind.Categorical => l.Regular + 1,
            _ => l.Missing,
        })];
        HasCategories = _categorical.Length > 0;
    }

    public int Width => _layouts.Length;

    public FeatureLayout[] Layouts => _layouts;

    public bool HasCategories { get; }

    /// <summary>Reads one row into <paramref name="values"/>, <paramref name="slots"/> and (for categorical features)
    /// <paramref name="names"/>, each of length <see cref="Width"/>.</summary>
    public void Read(TInput input, TOutput output, Span<double> values, Span<int> slots, string?[]? names)
    {
        _inputs.Read(input, values, slots, names);
        _outputs.Read(output, values, slots, names);
    }

    /// <summary>Applies a row read by <see cref="Read"/>.</summary>
    public void Apply(ProfileAccumulator accumulator, ReadOnlySpan<double> values, ReadOnlySpan<int> slots, string?[]? names)
    {
        var bad = false;
        var issueFrom = _issueFrom;
        foreach (var f in _numeric)
        {
            var slot = slots[f];
            accumulator.AddNumeric(f, slot, values[f]);
            bad |= slot >= issueFrom[f];
        }

        foreach (var f in _boolean)
        {
            var slot = slots[f];
            accumulator.AddBoolean(f, slot);
            bad |= slot >= issueFrom[f];
        }

        foreach (var f in _categorical)
        {
            var slot = slots[f];
            accumulator.AddCategory(f, slot, names![f]);
            bad |= slot >= issueFrom[f];
        }

        accumulator.EndRow(bad);
    }

    private int[] Indices(FeatureKind kind) => [.. Enumerable.Range(0, _layouts.Length).Where(f => _layouts[f].Kind == kind)];

    /// <summary>The readers of one side (inputs or outputs), split by kind, with each feature's position in the row.</summary>
    private sealed class Group<T>
    {
        private readonly int[] _numericAt;
        private readonly Func<T, double>[] _numbers;
        private readonly FeatureLayout[] _numericLayouts;
        private readonly int[] _booleanAt;
        private readonly Func<T, int>[] _booleans;
        private readonly int[] _categoryAt;
        private readonly Func<T, string?>[] _categories;
        private readonly FeatureLayout[] _categoryLayouts;

        public Group(FeatureReader<T>[] readers, FeatureLayout[] layouts, int offset)
        {
            var all = readers.Select((r, i) => (Reader: r, At: offset + i)).ToArray();
            var numeric = all.Where(p => p.Reader.Kind == FeatureKind.Numeric).ToArray();
            _numericAt = [.. numeric.Select(p => p.At)];
            _numbers = [.. numeric.Select(p => p.Reader.Number!)];
            _numericLayouts = [.. numeric.Select(p => layouts[p.At])];
            var boolean = all.Where(p => p.Reader.Kind == FeatureKind.Boolean).ToArray();
            _booleanAt = [.. boolean.Select(p => p.At)];
            _booleans = [.. boolean.Select(p => p.Reader.Boolean!)];
            var categorical = all.Where(p => p.Reader.Kind == FeatureKind.Categorical).ToArray();
            _categoryAt = [.. categorical.Select(p => p.At)];
            _categories = [.. categorical.Select(p => p.Reader.Category!)];
            _categoryLayouts = [.. categorical.Select(p => layouts[p.At])];
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Read(T row, Span<double> values, Span<int> slots, string?[]? names)
        {
            var numbers = _numbers;
            var numericAt = _numericAt;
            var numericLayouts = _numericLayouts;
            for (var i = 0; i < numbers.Length; i++)
            {
                var x = numbers[i](row);
                var f = numericAt[i];
                values[f] = x;
                slots[f] = numericLayouts[i].NumericSlot(x);
            }

            var booleans = _booleans;
            for (var i = 0; i < booleans.Length; i++)
            {
                var b = booleans[i](row);
                var f = _booleanAt[i];
                values[f] = b;
                slots[f] = b < 0 ? FeatureLayout.BooleanMissing : b;
            }

            var categories = _categories;
            for (var i = 0; i < categories.Length; i++)
            {
                var s = categories[i](row);
                var f = _categoryAt[i];
                names![f] = s;
                slots[f] = _categoryLayouts[i].CategorySlot(s);
            }
        }
    }
}
