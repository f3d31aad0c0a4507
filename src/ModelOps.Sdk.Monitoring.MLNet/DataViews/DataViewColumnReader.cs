using Microsoft.ML;
using Microsoft.ML.Data;
using ModelOps.Sdk.Monitoring.Profiles;

namespace ModelOps.Sdk.Monitoring.MLNet.DataViews;

/// <summary>
/// How one monitored data-view column is read: its kind, its type, its slot in <see cref="DataViewValues"/>, and the getter that
/// copies a cursor's value into that slot.
/// </summary>
internal sealed class DataViewColumnReader
{
    private DataViewColumnReader(string name, FeatureKind kind, DataViewType type, int slot, string[]? keyNames)
    {
        Name = name;
        Kind = kind;
        Type = type;
        Slot = slot;
        _keyNames = keyNames;
    }

    private readonly string[]? _keyNames;

    public string Name { get; }

    public FeatureKind Kind { get; }

    public DataViewType Type { get; }

    /// <summary>The index into <see cref="DataViewValues.Numbers"/> (numeric, boolean) or <see cref="DataViewValues.Texts"/>.</summary>
    public int Slot { get; }

    public bool IsText => Kind == FeatureKind.Categorical;

    /// <summary>The kind a column type profiles as, or <see langword="null"/> when it cannot be monitored.</summary>
    public static FeatureKind? KindOf(DataViewType type) => type switch
    {
        NumberDataViewType => FeatureKind.Numeric,
        TextDataViewType => FeatureKind.Categorical,
        BooleanDataViewType => FeatureKind.Boolean,
        KeyDataViewType key when key.RawType == typeof(uint) => FeatureKind.Categorical,
        _ => null,
    };

    /// <summary>Creates the reader of a column, or throws <see cref="DataViewColumnException"/> naming it.</summary>
    public static DataViewColumnReader Create(DataViewSchema schema, string name, ref int numbers, ref int texts)
    {
        var column = schema.GetColumnOrNull(name)
            ?? throw new DataViewColumnException(name, null, $"the data view has no such column (its columns: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => c.Name))})");
        var type = column.Type;
        var kind = KindOf(type)
            ?? throw new DataViewColumnException(name, type.ToString(), "only Single, Double, integer, Text, Boolean and UInt32 key columns are monitored; vectors and other types are not");
        string[]? keyNames = null;
        if (type is KeyDataViewType key)
        {
            keyNames = KeyNames(column, key);
        }

        var slot = kind == FeatureKind.Categorical ? texts++ : numbers++;
        return new DataViewColumnReader(name, kind, type, slot, keyNames);
    }

    /// <summary>Checks that another data view has this column with the same type.</summary>
    public void EnsureIn(DataViewSchema schema)
    {
        var column = schema.GetColumnOrNull(Name)
            ?? throw new DataViewColumnException(Name, null, "the data view has no such column, but the monitoring schema reads it");
        if (!column.Type.Equals(Type))
        {
            throw new DataViewColumnException(Name, column.Type.ToString(), $"the monitoring schema was built for type {Type}");
        }
    }

    /// <summary>Creates the action that copies the cursor's current value of this column into a row.</summary>
    public Action<DataViewValues> Bind(DataViewRowCursor cursor)
    {
        var column = cursor.Schema[Name];
        var slot = Slot;
        switch (Type)
        {
            case TextDataViewType:
                {
                    var get = cursor.GetGetter<ReadOnlyMemory<char>>(column);
                    ReadOnlyMemory<char> value = default;

                    // ML.NET text has no null: an empty text is the missing value (a null string in LoadFromEnumerable, an empty
                    // field in a text file), as a null string is for a typed row.
                    return row =>
                    {
                        get(ref value);
                        row.Texts[slot] = value.IsEmpty ? null : value.ToString();
                    };
                }

            case KeyDataViewType:
                {
                    var get = cursor.GetGetter<uint>(column);
                    var names = _keyNames;
                    uint value = 0;

                    // Key 0 is ML.NET's missing key; key k is the (k-1)-th key value.
                    return row =>
                    {
                        get(ref value);
                        row.Texts[slot] = value == 0 ? null
                            : names is not null && value <= names.Length ? names[value - 1]
                            : value.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    };
                }

            case BooleanDataViewType:
                {
                    var get = cursor.GetGetter<bool>(column);
                    var value = false;
                    return row =>
                    {
                        get(ref value);
                        row.Numbers[slot] = value ? 1 : 0;
                    };
                }

            default:
                return BindNumber(cursor, column, slot);
        }
    }

    private static Action<DataViewValues> BindNumber(DataViewRowCursor cursor, DataViewSchema.Column column, int slot) => column.Type.RawType switch
    {
        var t when t == typeof(float) => Number<float>(cursor, column, slot, v => v),
        var t when t == typeof(double) => Number<double>(cursor, column, slot, v => v),
        var t when t == typeof(sbyte) => Number<sbyte>(cursor, column, slot, v => v),
        var t when t == typeof(byte) => Number<byte>(cursor, column, slot, v => v),
        var t when t == typeof(short) => Number<short>(cursor, column, slot, v => v),
        var t when t == typeof(ushort) => Number<ushort>(cursor, column, slot, v => v),
        var t when t == typeof(int) => Number<int>(cursor, column, slot, v => v),
        var t when t == typeof(uint) => Number<uint>(cursor, column, slot, v => v),
        var t when t == typeof(long) => Number<long>(cursor, column, slot, v => v),
        var t when t == typeof(ulong) => Number<ulong>(cursor, column, slot, v => v),
        _ => throw new DataViewColumnException(column.Name, column.Type.ToString(), "this number type is not monitored"),
    };

    // The same conversion to double as a typed row's property (a widening conversion, NaN stays NaN), so a data view and the
    // same rows as objects give the same profile.
    private static Action<DataViewValues> Number<T>(DataViewRowCursor cursor, DataViewSchema.Column column, int slot, Func<T, double> toDouble)
    {
        var get = cursor.GetGetter<T>(column);
        T value = default!;
        return row =>
        {
            get(ref value);
            row.Numbers[slot] = toDouble(value);
        };
    }

    private static string[]? KeyNames(DataViewSchema.Column column, KeyDataViewType key)
    {
        if (!column.HasKeyValues())
        {
            return null;
        }

        var annotation = column.Annotations.Schema.GetColumnOrNull("KeyValues");
        if (annotation is not { Type: VectorDataViewType { ItemType: TextDataViewType } })
        {
            return null;
        }

        VBuffer<ReadOnlyMemory<char>> values = default;
        column.GetKeyValues(ref values);
        var dense = values.DenseValues().Select(v => v.ToString()).ToArray();
        return dense.Length == (int)key.Count ? dense : null;
    }
}
