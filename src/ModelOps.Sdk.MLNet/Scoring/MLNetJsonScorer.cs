using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;
using ModelOps.Sdk.Flavors;

namespace ModelOps.Sdk.MLNet;

/// <summary>
/// Scores one JSON input with an ML.NET transformer (<see cref="IJsonScoringModel"/>): a one-row data view is built from the
/// model's input schema, each column read from the property of the same name, and the signature's output columns are written
/// under their names.
/// </summary>
/// <remarks>
/// Scalars are JSON numbers, strings or Booleans as the column's type requires; a vector column is a JSON array (of the declared
/// size when the size is known). An input the outputs do not depend on (typically the label) may be left out and reads as its
/// default; any other missing input is refused. Key, date and time input columns cannot be built from JSON: one the outputs
/// depend on, or one the JSON gives, is refused with <see cref="ModelSignatureMismatchException"/>. Vector outputs are written as arrays, key outputs as their numbers.
/// </remarks>
internal static class MLNetJsonScorer
{
    public static JsonObject Score(MLNetLoadedModel model, HashSet<string>? requiredInputs, JsonElement input)
    {
        var version = model.Version;
        var scored = model.Transformer.Transform(InputView(model, requiredInputs, input));
        var outputs = new JsonObject();
        using var cursor = scored.GetRowCursor(scored.Schema);
        if (!cursor.MoveNext())
        {
            throw new InvalidOperationException($"Model '{version.ModelName}' version {version.Version} produced no row for one input.");
        }

        foreach (var field in model.Signature.Outputs)
        {
            var column = scored.Schema[field.Name];
            outputs[field.Name] = Read(cursor, column);
        }

        return outputs;
    }

    /// <summary>The one-row data view of a JSON input, in the model's input schema (also what explanations transform).</summary>
    public static IDataView InputView(MLNetLoadedModel model, HashSet<string>? requiredInputs, JsonElement input)
    {
        var version = model.Version;
        JsonModelFields.EnsureObject(input, version);
        var builder = new DataViewSchema.Builder();
        var getters = new List<Delegate>();
        foreach (var column in model.InputSchema)
        {
            builder.AddColumn(column.Name, column.Type, column.Annotations);
            if (column.IsHidden)
            {
                getters.Add(DefaultGetter(column));
                continue;
            }

            var provided = JsonModelFields.TryGetField(input, column.Name, version, out var value) && value.ValueKind != JsonValueKind.Null;
            if (!provided && requiredInputs is not null && !requiredInputs.Contains(column.Name))
            {
                // The outputs do not depend on it (typically the label): its default is as good as any value.
                getters.Add(DefaultGetter(column));
                continue;
            }

            Refuse(column, version);
            if (!provided)
            {
                _ = JsonModelFields.GetRequiredField(input, column.Name, version);
                throw new InvalidModelInputException(version.ModelName, version.Version, column.Name, "the value is null, and the outputs depend on this column");
            }

            getters.Add(Getter(column, value, version));
        }

        return new JsonRowDataView(builder.ToSchema(), getters);
    }

    private static void Refuse(DataViewSchema.Column column, ModelVersion version)
    {
        var item = column.Type is VectorDataViewType vector ? vector.ItemType : column.Type;
        if (item is KeyDataViewType or DateTimeDataViewType or DateTimeOffsetDataViewType or TimeSpanDataViewType)
        {
            throw new ModelSignatureMismatchException(version.ModelName, version.Version, column.Name,
                $"input column '{column.Name}' is a {MLNetSchemaReader.DataTypeName(item)} column; JSON scoring builds number, string and Boolean columns (and vectors of them) only, so score this model with typed inputs (CreatePredictor)");
        }

        if (item is not (NumberDataViewType or TextDataViewType or BooleanDataViewType))
        {
            throw new ModelSignatureMismatchException(version.ModelName, version.Version, column.Name,
                $"input column '{column.Name}' has type {item}, which JSON scoring does not build; score this model with typed inputs (CreatePredictor)");
        }
    }

    private static Delegate Getter(DataViewSchema.Column column, JsonElement value, ModelVersion version)
    {
        if (column.Type is VectorDataViewType vector)
        {
            if (value.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidModelInputException(version.ModelName, version.Version, column.Name, $"expected an array, found {JsonModelFields.Describe(value.ValueKind)}");
            }

            if (vector.IsKnownSize && value.GetArrayLength() != vector.Size)
            {
                throw new InvalidModelInputException(version.ModelName, version.Version, column.Name,
                    string.Create(CultureInfo.InvariantCulture, $"has {value.GetArrayLength()} value(s), but the column is a vector of {vector.Size}"));
            }

            var items = value.EnumerateArray().Select((e, i) => Scalar(vector.ItemType, e, string.Create(CultureInfo.InvariantCulture, $"{column.Name}[{i}]"), version)).ToArray();
            return VectorGetter(vector.ItemType.RawType, items);
        }

        return ScalarGetter(column.Type.RawType, Scalar(column.Type, value, column.Name, version));
    }

    private static Delegate DefaultGetter(DataViewSchema.Column column) => column.Type is VectorDataViewType vector
        ? VectorGetter(vector.ItemType.RawType, Enumerable.Repeat(Default(vector.ItemType), vector.IsKnownSize ? vector.Size : 0).ToArray())
        : ScalarGetter(column.Type.RawType, Default(column.Type));

    private static object Default(DataViewType type) =>
        type is TextDataViewType ? ReadOnlyMemory<char>.Empty : Activator.CreateInstance(type.RawType)!;

    private static object Scalar(DataViewType type, JsonElement value, string field, ModelVersion version) => type switch
    {
        TextDataViewType => JsonModelFields.ReadString(value, field, version).AsMemory(),
        BooleanDataViewType => JsonModelFields.ReadBoolean(value, field, version),
        _ when type.RawType == typeof(float) => (float)JsonModelFields.ReadDouble(value, field, version),
        _ when type.RawType == typeof(double) => JsonModelFields.ReadDouble(value, field, version),
        _ => ToInteger(type.RawType, JsonModelFields.ReadInt64(value, field, version), field, version),
    };

    private static object ToInteger(Type target, long value, string field, ModelVersion version)
    {
        try
        {
            return Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
        }
        catch (OverflowException)
        {
            throw new InvalidModelInputException(version.ModelName, version.Version, field, string.Create(CultureInfo.InvariantCulture, $"{value} does not fit in {target.Name}"));
        }
    }

    private static Delegate ScalarGetter(Type rawType, object value) =>
        (Delegate)typeof(MLNetJsonScorer).GetMethod(nameof(MakeScalarGetter), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(rawType).Invoke(null, [value])!;

    private static Delegate VectorGetter(Type itemType, object[] items) =>
        (Delegate)typeof(MLNetJsonScorer).GetMethod(nameof(MakeVectorGetter), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(itemType).Invoke(null, [items])!;

    private static ValueGetter<T> MakeScalarGetter<T>(object value)
    {
        var typed = (T)value;
        return (ref T destination) => destination = typed;
    }

    private static ValueGetter<VBuffer<T>> MakeVectorGetter<T>(object[] items)
    {
        var values = items.Cast<T>().ToArray();
        return (ref VBuffer<T> destination) => destination = new VBuffer<T>(values.Length, (T[])values.Clone());
    }

    private static JsonNode? Read(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        if (column.Type is VectorDataViewType vector)
        {
            return (JsonNode?)typeof(MLNetJsonScorer).GetMethod(nameof(ReadVector), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(vector.ItemType.RawType).Invoke(null, [cursor, column]);
        }

        return (JsonNode?)typeof(MLNetJsonScorer).GetMethod(nameof(ReadScalar), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(column.Type.RawType).Invoke(null, [cursor, column]);
    }

    private static JsonValue? ReadScalar<T>(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        T value = default!;
        cursor.GetGetter<T>(column)(ref value);
        return ToJson(value);
    }

    private static JsonArray ReadVector<T>(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        VBuffer<T> value = default;
        cursor.GetGetter<VBuffer<T>>(column)(ref value);
        return new JsonArray([.. value.DenseValues().Select(v => ToJson(v))]);
    }

    private static JsonValue? ToJson<T>(T value) => value switch
    {
        ReadOnlyMemory<char> text => JsonValue.Create(text.ToString()),
        float f when !float.IsFinite(f) => JsonValue.Create(f.ToString(CultureInfo.InvariantCulture)),
        double d when !double.IsFinite(d) => JsonValue.Create(d.ToString(CultureInfo.InvariantCulture)),
        DateTime or DateTimeOffset or TimeSpan => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(value),
    };
}
