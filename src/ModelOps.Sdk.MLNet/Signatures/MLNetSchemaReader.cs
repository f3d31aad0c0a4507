using Microsoft.ML;
using Microsoft.ML.Data;

namespace ModelOps.Sdk.MLNet;

/// <summary>Turns ML.NET schemas into <see cref="ModelSignature"/> fields.</summary>
internal static class MLNetSchemaReader
{
    /// <summary>
    /// Reads the signature: inputs from the input schema, outputs from the transformer's output schema minus the input columns.
    /// Inputs the computed outputs do not depend on (typically the label) are marked optional.
    /// </summary>
    public static ModelSignature ReadSignature(ITransformer transformer, DataViewSchema inputSchema)
    {
        var outputSchema = transformer.GetOutputSchema(inputSchema);
        var inputNames = new HashSet<string>(inputSchema.Where(c => !c.IsHidden).Select(c => c.Name), StringComparer.Ordinal);
        var outputs = outputSchema.Where(c => !c.IsHidden && !inputNames.Contains(c.Name)).ToList();
        var required = RequiredInputs(transformer, inputSchema, outputs.Select(c => c.Name));

        var inputFields = inputSchema
            .Where(c => !c.IsHidden)
            .Select(c => ToField(c, isOptional: required is not null && !required.Contains(c.Name)))
            .ToList();
        var outputFields = outputs.Select(c => ToField(c, isOptional: false)).ToList();
        return new ModelSignature(inputFields, outputFields);
    }

    /// <summary>
    /// The input columns the computed outputs depend on, or <see langword="null"/> when the transformer cannot tell (then every
    /// input is treated as required).
    /// </summary>
    public static HashSet<string>? RequiredInputs(ITransformer transformer, DataViewSchema inputSchema, IEnumerable<string> outputNames)
    {
        if (!transformer.IsRowToRowMapper)
        {
            return null;
        }

        try
        {
            var mapper = transformer.GetRowToRowMapper(inputSchema);
            var wanted = new HashSet<string>(outputNames, StringComparer.Ordinal);
            var outputColumns = mapper.OutputSchema.Where(c => !c.IsHidden && wanted.Contains(c.Name)).ToList();
            return new HashSet<string>(mapper.GetDependencies(outputColumns).Select(c => c.Name), StringComparer.Ordinal);
        }
#pragma warning disable CA1031 // Dependency analysis is an optimisation: a transformer that cannot answer falls back to "all required".
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    /// <summary>Describes one column as a signature field.</summary>
    public static SignatureField ToField(DataViewSchema.Column column, bool isOptional)
    {
        if (column.Type is VectorDataViewType vector)
        {
            IReadOnlyList<long> shape = vector.IsKnownSize ? [vector.Size] : [-1L];
            return new SignatureField(column.Name, DataTypeName(vector.ItemType), shape, isOptional);
        }

        return new SignatureField(column.Name, DataTypeName(column.Type), null, isOptional);
    }

    /// <summary>Names an ML.NET item type the way signatures name types across flavors.</summary>
    public static string DataTypeName(DataViewType type) => type switch
    {
        KeyDataViewType => "key",
        TextDataViewType => "string",
        BooleanDataViewType => "bool",
        DateTimeDataViewType => "datetime",
        DateTimeOffsetDataViewType => "datetimeoffset",
        TimeSpanDataViewType => "timespan",
        _ when type.RawType == typeof(float) => "float32",
        _ when type.RawType == typeof(double) => "float64",
        _ when type.RawType == typeof(sbyte) => "int8",
        _ when type.RawType == typeof(short) => "int16",
        _ when type.RawType == typeof(int) => "int32",
        _ when type.RawType == typeof(long) => "int64",
        _ when type.RawType == typeof(byte) => "uint8",
        _ when type.RawType == typeof(ushort) => "uint16",
        _ when type.RawType == typeof(uint) => "uint32",
        _ when type.RawType == typeof(ulong) => "uint64",
        _ => type.ToString() ?? type.RawType.Name,
    };
}
