using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using ModelOps.Sdk.Flavors;

namespace ModelOps.Sdk.Onnx.Scoring;

/// <summary>
/// Scores one JSON input with a session (<see cref="IJsonScoringModel"/>): each graph input is built from the property of the same
/// name as a tensor of the input's element type and shape, and each graph output is written under its name.
/// </summary>
/// <remarks>
/// A field is a scalar, an array or nested arrays in row-major order. With as many nesting levels as the input has dimensions,
/// the arrays give the shape (fixed dimensions must match); otherwise the values fill the declared shape, a symbolic dimension
/// (such as the batch) taking 1, or the one symbolic dimension taking what the value count requires. A graph input the JSON does
/// not name is fed zeros (or empty strings), as the typed predictors feed an input their type lacks. float32, float64, int64, int32,
/// string and bool tensors are built; float16, bfloat16 and the other element types, and map, sequence and optional inputs, are
/// refused with <see cref="ModelSignatureMismatchException"/>.
/// </remarks>
internal static class OnnxJsonScorer
{
    public static JsonObject Score(InferenceSession session, ModelVersion version, JsonElement input)
    {
        JsonModelFields.EnsureObject(input, version);
        var feeds = new List<NamedOnnxValue>(session.InputNames.Count);
        foreach (var name in session.InputNames)
        {
            var metadata = session.InputMetadata[name];
            if (metadata.OnnxValueType != OnnxValueType.ONNX_TYPE_TENSOR)
            {
                throw new ModelSignatureMismatchException(version.ModelName, version.Version, name,
                    $"graph input '{name}' is a {OnnxSignatureReader.DataType(metadata)}; JSON scoring builds only tensors, so score this model with typed inputs (CreatePredictor)");
            }

            if (OnnxSignatureReader.ClrType(metadata.ElementDataType) is null)
            {
                throw new ModelSignatureMismatchException(version.ModelName, version.Version, name,
                    $"graph input '{name}' is a {OnnxSignatureReader.ElementTypeName(metadata.ElementDataType)} tensor; JSON scoring builds float32, float64, int64, int32, string and bool tensors only, so score this model with typed inputs (CreatePredictor)");
            }

            feeds.Add(JsonModelFields.TryGetField(input, name, version, out var value) && value.ValueKind != JsonValueKind.Null
                ? Build(name, metadata, value, version)
                : Default(name, metadata));
        }

        using var results = session.Run(feeds);
        var output = new JsonObject();
        foreach (var result in results)
        {
            output[result.Name] = ToJson(result, version);
        }

        return output;
    }

    private static NamedOnnxValue Build(string name, NodeMetadata metadata, JsonElement value, ModelVersion version)
    {
        var scalars = JsonModelFields.Flatten(value, name, version, out var jsonShape);
        var shape = Shape(name, metadata.Dimensions, jsonShape, scalars.Count, version);
        string Item(int i) => string.Create(CultureInfo.InvariantCulture, $"{name}[{i}]");
        return metadata.ElementDataType switch
        {
            TensorElementType.Float => Tensor(name, shape, scalars, (e, i) => (float)JsonModelFields.ReadDouble(e, Item(i), version)),
            TensorElementType.Double => Tensor(name, shape, scalars, (e, i) => JsonModelFields.ReadDouble(e, Item(i), version)),
            TensorElementType.Int64 => Tensor(name, shape, scalars, (e, i) => JsonModelFields.ReadInt64(e, Item(i), version)),
            TensorElementType.Int32 => Tensor(name, shape, scalars, (e, i) => ToInt32(JsonModelFields.ReadInt64(e, Item(i), version), Item(i), version)),
            TensorElementType.String => Tensor(name, shape, scalars, (e, i) => JsonModelFields.ReadString(e, Item(i), version)),
            _ => Tensor(name, shape, scalars, (e, i) => JsonModelFields.ReadBoolean(e, Item(i), version)),
        };
    }

    private static NamedOnnxValue Default(string name, NodeMetadata metadata)
    {
        var shape = metadata.Dimensions.Select(d => d < 0 ? 1 : d).ToArray();
        var count = shape.Aggregate(1, (product, d) => product * d);
        return metadata.ElementDataType switch
        {
            TensorElementType.Float => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(shape)),
            TensorElementType.Double => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<double>(shape)),
            TensorElementType.Int64 => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<long>(shape)),
            TensorElementType.Int32 => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<int>(shape)),
            TensorElementType.String => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<string>(Enumerable.Repeat(string.Empty, count).ToArray(), shape)),
            _ => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<bool>(shape)),
        };
    }

    private static NamedOnnxValue Tensor<T>(string name, int[] shape, IReadOnlyList<JsonElement> scalars, Func<JsonElement, int, T> read)
    {
        var values = new T[scalars.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = read(scalars[i], i);
        }

        return NamedOnnxValue.CreateFromTensor(name, new DenseTensor<T>(values, shape));
    }

    /// <summary>The tensor's shape: the JSON's when it has the input's rank, else the declared shape filled to the value count.</summary>
    private static int[] Shape(string name, int[] declared, IReadOnlyList<int> json, int count, ModelVersion version)
    {
        if (json.Count == declared.Length)
        {
            for (var d = 0; d < declared.Length; d++)
            {
                if (declared[d] >= 0 && declared[d] != json[d])
                {
                    throw Invalid(version, name, $"dimension {d} has {json[d]} elements, but the input's shape is {Format(declared)}");
                }
            }

            return [.. json];
        }

        var shape = declared.Select(d => d < 0 ? 1 : d).ToArray();
        var symbolic = Enumerable.Range(0, declared.Length).Where(d => declared[d] < 0).ToArray();
        var fixedCount = declared.Where(d => d >= 0).Aggregate(1, (product, d) => product * d);
        if (symbolic.Length == 1 && fixedCount > 0 && count % fixedCount == 0)
        {
            shape[symbolic[0]] = count / fixedCount;
        }

        var expected = shape.Aggregate(1, (product, d) => product * d);
        return expected == count
            ? shape
            : throw Invalid(version, name, string.Create(CultureInfo.InvariantCulture, $"has {count} value(s), but the input's shape {Format(declared)} takes {expected}"));
    }

    private static int ToInt32(long value, string field, ModelVersion version) =>
        value is >= int.MinValue and <= int.MaxValue ? (int)value : throw Invalid(version, field, string.Create(CultureInfo.InvariantCulture, $"{value} does not fit in an int32"));

    private static JsonNode? ToJson(DisposableNamedOnnxValue value, ModelVersion version) => value.ValueType switch
    {
        OnnxValueType.ONNX_TYPE_TENSOR => value.ElementType switch
        {
            TensorElementType.Float => Nest(value.AsTensor<float>()),
            TensorElementType.Double => Nest(value.AsTensor<double>()),
            TensorElementType.Int64 => Nest(value.AsTensor<long>()),
            TensorElementType.Int32 => Nest(value.AsTensor<int>()),
            TensorElementType.String => Nest(value.AsTensor<string>()),
            TensorElementType.Bool => Nest(value.AsTensor<bool>()),
            var other => throw new ModelSignatureMismatchException(version.ModelName, version.Version, value.Name,
                $"graph output '{value.Name}' is a {OnnxSignatureReader.ElementTypeName(other)} tensor, which JSON scoring does not read"),
        },
        OnnxValueType.ONNX_TYPE_SEQUENCE => new JsonArray([.. ((IEnumerable<DisposableNamedOnnxValue>)value.Value).Select(item => ToJson(item, version))]),
        OnnxValueType.ONNX_TYPE_MAP => Map((IDictionary)value.Value),
        _ => throw new ModelSignatureMismatchException(version.ModelName, version.Version, value.Name,
            $"graph output '{value.Name}' is a {value.ValueType}, which JSON scoring does not read"),
    };

    private static JsonObject Map(IDictionary map)
    {
        var result = new JsonObject();
        foreach (DictionaryEntry entry in map)
        {
            result[Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!] = JsonValue.Create(entry.Value);
        }

        return result;
    }

    /// <summary>A tensor as nested arrays in row-major order; a rank-0 tensor as its value.</summary>
    private static JsonNode? Nest<T>(Tensor<T> tensor)
    {
        var values = tensor.ToArray();
        var dims = tensor.Dimensions.ToArray();
        if (dims.Length == 0)
        {
            return JsonValue.Create(values[0]);
        }

        var position = 0;
        return Level(0);

        JsonArray Level(int depth)
        {
            var array = new JsonArray();
            for (var i = 0; i < dims[depth]; i++)
            {
                array.Add(depth == dims.Length - 1 ? JsonValue.Create(values[position++]) : Level(depth + 1));
            }

            return array;
        }
    }

    private static string Format(int[] shape) => "[" + string.Join(", ", shape.Select(d => d < 0 ? "?" : d.ToString(CultureInfo.InvariantCulture))) + "]";

    private static InvalidModelInputException Invalid(ModelVersion version, string field, string problem) =>
        new(version.ModelName, version.Version, field, problem);
}
