using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ModelOps.Sdk.Onnx.Scoring;

/// <summary>Reads a <see cref="ModelSignature"/> from a session's graph inputs and outputs, and names ONNX element types.</summary>
internal static class OnnxSignatureReader
{
    public static ModelSignature Read(InferenceSession session) =>
        new(
            session.InputNames.Select(name => Field(name, session.InputMetadata[name])).ToArray(),
            session.OutputNames.Select(name => Field(name, session.OutputMetadata[name])).ToArray());

    public static string DataType(NodeMetadata metadata) => metadata.OnnxValueType switch
    {
        OnnxValueType.ONNX_TYPE_TENSOR or OnnxValueType.ONNX_TYPE_SPARSETENSOR => ElementTypeName(metadata.ElementDataType),
        OnnxValueType.ONNX_TYPE_SEQUENCE => "sequence",
        OnnxValueType.ONNX_TYPE_MAP => "map",
        OnnxValueType.ONNX_TYPE_OPTIONAL => "optional",
        _ => "unknown",
    };

    public static string ElementTypeName(TensorElementType type) => type switch
    {
        TensorElementType.Float => "float32",
        TensorElementType.Double => "float64",
        TensorElementType.Int64 => "int64",
        TensorElementType.Int32 => "int32",
        TensorElementType.String => "string",
        TensorElementType.Bool => "bool",
        TensorElementType.Float16 => "float16",
        TensorElementType.BFloat16 => "bfloat16",
        TensorElementType.UInt8 => "uint8",
        TensorElementType.Int8 => "int8",
        TensorElementType.UInt16 => "uint16",
        TensorElementType.Int16 => "int16",
        TensorElementType.UInt32 => "uint32",
        TensorElementType.UInt64 => "uint64",
        _ => type.ToString().ToLowerInvariant(),
    };

    /// <summary>The CLR element type that scoring supports for an ONNX element type, or <see langword="null"/>.</summary>
    public static Type? ClrType(TensorElementType type) => type switch
    {
        TensorElementType.Float => typeof(float),
        TensorElementType.Double => typeof(double),
        TensorElementType.Int64 => typeof(long),
        TensorElementType.Int32 => typeof(int),
        TensorElementType.String => typeof(string),
        TensorElementType.Bool => typeof(bool),
        _ => null,
    };

    private static SignatureField Field(string name, NodeMetadata metadata)
    {
        var dims = metadata.IsTensor ? metadata.Dimensions : [];
        return new SignatureField(
            name,
            DataType(metadata),
            dims.Length == 0 ? null : dims.Select(d => d < 0 ? -1L : d).ToArray());
    }
}
