using ModelOps.Sdk.Monitoring.Profiles;

namespace ModelOps.Sdk.Monitoring.Schema;

/// <summary>
/// Reads a row through the schema's compiled readers and finds each value's slot in the reference's bins (no lock needed, no
/// allocation), then applies the values to an accumulator (under the caller's lock). The two halves are split so the streaming
/// monitor holds its stripe lock only for the increments.
/// </summary>
internal sealed class RowRecorder<TInput, TOutput>
{
    private readonly FeatureReader<TInput>[] _inputs;
    private readonly FeatureReader<TOutput>[] _outputs;
    private readonly FeatureLayout[] _layouts;

    public RowRecorder(MonitoringSchema<TInput, TOutput> schema, DataProfile reference)
    {
        _inputs = schema.InputReaders;
        _outputs = schema.OutputReaders;
        schema.EnsureMatches(reference);
        _layouts = reference.CreateLayouts();
        HasCategories = _layouts.Any(l => l.Kind == FeatureKind.Categorical);
    }

    public int Width => _layouts.Length;

    public FeatureLayout[] Layouts => _layouts;

    public bool HasCategories { get; }

    /// <summary>Reads one row into <paramref name="values"/>, <paramref name="slots"/> and (for categorical features)
    /// <paramref name="names"/>, each of length <see cref="Width"/>.</summary>
    public void Read(TInput input, TOutput output, Span<double> values, Span<int> slots, string?[]? names)
    {
        var inputs = _inputs;
        for (var f = 0; f < inputs.Length; f++)
        {
            Read(inputs[f], _layouts[f], input, f, values, slots, names);
        }

        var outputs = _outputs;
        var offset = inputs.Length;
        for (var f = 0; f < outputs.Length; f++)
        {
            Read(outputs[f], _layouts[offset + f], output, offset + f, values, slots, names);
        }
    }

    /// <summary>Applies a row read by <see cref="Read"/>.</summary>
    public void Apply(ProfileAccumulator accumulator, ReadOnlySpan<double> values, ReadOnlySpan<int> slots, string?[]? names)
    {
        var bad = false;
        var layouts = _layouts;
        for (var f = 0; f < layouts.Length; f++)
        {
            var layout = layouts[f];
            var slot = slots[f];
            switch (layout.Kind)
            {
                case FeatureKind.Numeric:
                    accumulator.AddNumeric(f, slot, values[f]);
                    break;
                case FeatureKind.Boolean:
                    accumulator.AddBoolean(f, slot);
                    break;
                default:
                    accumulator.AddCategory(f, slot, names![f]);
                    break;
            }

            bad |= layout.IsIssue(slot) || double.IsInfinity(values[f]);
        }

        accumulator.EndRow(bad);
    }

    private static void Read<T>(FeatureReader<T> reader, FeatureLayout layout, T row, int f, Span<double> values, Span<int> slots, string?[]? names)
    {
        switch (layout.Kind)
        {
            case FeatureKind.Numeric:
                {
                    var x = reader.Number!(row);
                    values[f] = x;
                    slots[f] = layout.NumericSlot(x);
                    break;
                }

            case FeatureKind.Boolean:
                {
                    var b = reader.Boolean!(row);
                    values[f] = b;
                    slots[f] = layout.BooleanSlot(b);
                    break;
                }

            default:
                {
                    var s = reader.Category!(row);
                    values[f] = 0;
                    names![f] = s;
                    slots[f] = layout.CategorySlot(s);
                    break;
                }
        }
    }
}
