using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace ModelOps.Sdk.MLNet;

/// <summary>
/// Checks the input and output types a caller scores with against a loaded model's schemas, the way ML.NET will map them
/// (public fields and properties, <see cref="ColumnNameAttribute"/>, <see cref="NoColumnAttribute"/>,
/// <see cref="VectorTypeAttribute"/>), so a mismatch fails once, at predictor creation, with the column named.
/// </summary>
internal static class ScoringTypeBinder
{
    /// <summary>Checks that <paramref name="inputType"/> provides every required input column with a compatible type.</summary>
    /// <returns>The members bound to fixed-size vector columns, to name the column when ML.NET refuses an input's length.</returns>
    public static List<FixedSizeVectorMember> CheckInput(Type inputType, ModelVersion version, DataViewSchema inputSchema, HashSet<string>? requiredColumns)
    {
        var fixedSize = new List<FixedSizeVectorMember>();
        var members = Members(inputType, forWriting: false);
        foreach (var column in inputSchema)
        {
            if (column.IsHidden || (requiredColumns is not null && !requiredColumns.Contains(column.Name)))
            {
                continue;
            }

            if (!members.TryGetValue(column.Name, out var member))
            {
                throw Mismatch(version, column.Name,
                    $"{inputType.Name} has no public property for input column '{column.Name}' ({Describe(column.Type)}); add one, or map one with [ColumnName(\"{column.Name}\")]");
            }

            if (Incompatible(MemberType(member), column.Type, member, requireDeclaredSize: true) is { } problem)
            {
                throw Mismatch(version, column.Name, $"{inputType.Name}.{member.Name} {problem}");
            }

            if (column.Type is VectorDataViewType { IsKnownSize: true } vector)
            {
                fixedSize.Add(new FixedSizeVectorMember(column.Name, member, vector.Size));
            }
        }

        return fixedSize;
    }

    /// <summary>Checks that every column <paramref name="outputType"/> maps exists in the output schema with a compatible type.</summary>
    public static void CheckOutput(Type outputType, ModelVersion version, DataViewSchema outputSchema)
    {
        if (outputType.IsAbstract || outputType.GetConstructor(Type.EmptyTypes) is null)
        {
            throw Mismatch(version, outputType.Name, $"ML.NET creates outputs itself, so {outputType.Name} needs a public parameterless constructor");
        }

        foreach (var (columnName, member) in Members(outputType, forWriting: true))
        {
            var column = outputSchema.GetColumnOrNull(columnName);
            if (column is null || column.Value.IsHidden)
            {
                var available = string.Join(", ", outputSchema.Where(c => !c.IsHidden).Select(c => c.Name));
                throw Mismatch(version, columnName,
                    $"{outputType.Name}.{member.Name} reads column '{columnName}', which the model does not produce (columns: {available}); remove it or mark it [NoColumn]");
            }

            if (Incompatible(MemberType(member), column.Value.Type, member, requireDeclaredSize: false) is { } problem)
            {
                throw Mismatch(version, columnName, $"{outputType.Name}.{member.Name} {problem}");
            }
        }
    }

    private static ModelSignatureMismatchException Mismatch(ModelVersion version, string field, string problem) =>
        new(version.ModelName, version.Version, field, problem);

    private static Dictionary<string, MemberInfo> Members(Type type, bool forWriting)
    {
        var result = new Dictionary<string, MemberInfo>(StringComparer.Ordinal);
        const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance;
        foreach (var property in type.GetProperties(flags))
        {
            var usable = property.GetIndexParameters().Length == 0
                && (forWriting ? property.SetMethod is { IsPublic: true } : property.GetMethod is { IsPublic: true });
            if (usable)
            {
                Add(result, property);
            }
        }

        foreach (var field in type.GetFields(flags))
        {
            if (!forWriting || !field.IsInitOnly)
            {
                Add(result, field);
            }
        }

        return result;

        static void Add(Dictionary<string, MemberInfo> result, MemberInfo member)
        {
            if (member.GetCustomAttribute<NoColumnAttribute>() is not null)
            {
                return;
            }

            // ColumnNameAttribute keeps its name internal; read it from the attribute's constructor argument.
            var renamed = member.GetCustomAttributesData()
                .FirstOrDefault(a => a.AttributeType == typeof(ColumnNameAttribute))?
                .ConstructorArguments.FirstOrDefault().Value as string;
            result[renamed ?? member.Name] = member;
        }
    }

    private static Type MemberType(MemberInfo member) => member is PropertyInfo p ? p.PropertyType : ((FieldInfo)member).FieldType;

    private static string? Incompatible(Type memberType, DataViewType columnType, MemberInfo member, bool requireDeclaredSize)
    {
        var elementType = memberType.IsArray
            ? memberType.GetElementType()
            : memberType.IsGenericType && memberType.GetGenericTypeDefinition() == typeof(VBuffer<>) ? memberType.GetGenericArguments()[0] : null;

        if (columnType is VectorDataViewType vector)
        {
            if (elementType is null)
            {
                return $"is a {memberType.Name}, but the column is {Describe(columnType)}: use an array or VBuffer<T>";
            }

            if (!ItemCompatible(elementType, vector.ItemType))
            {
                return $"holds {elementType.Name}, but the column is {Describe(columnType)}";
            }

            if (requireDeclaredSize && vector.IsKnownSize)
            {
                var size = DeclaredSize(member);
                if (size is null)
                {
                    return $"has no size, but the column is {Describe(columnType)}: add [VectorType({vector.Size})]";
                }

                if (size != vector.Size)
                {
                    return $"is declared with [VectorType] size {size}, but the column is {Describe(columnType)}";
                }
            }

            return null;
        }

        if (elementType is not null && memberType != typeof(string))
        {
            return $"is a vector ({memberType.Name}), but the column is {Describe(columnType)}";
        }

        return ItemCompatible(memberType, columnType) ? null : $"is a {memberType.Name}, but the column is {Describe(columnType)}";
    }

    /// <summary>The size a <see cref="VectorTypeAttribute"/> declares (the product of its dimensions), 0 for "any", or null without one.</summary>
    private static long? DeclaredSize(MemberInfo member)
    {
        var attribute = member.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType == typeof(VectorTypeAttribute));
        if (attribute is null)
        {
            return null;
        }

        var dims = attribute.ConstructorArguments.SelectMany(a => a.Value switch
        {
            int size => [size],
            IReadOnlyCollection<CustomAttributeTypedArgument> items => items.Select(i => (int)i.Value!),
            _ => Enumerable.Empty<int>(),
        }).ToList();
        return dims.Count == 0 ? 0 : dims.Aggregate(1L, (a, d) => a * d);
    }

    private static bool ItemCompatible(Type type, DataViewType itemType) =>
        itemType is TextDataViewType
            ? type == typeof(string) || type == typeof(ReadOnlyMemory<char>)
            : type == itemType.RawType;

    private static string Describe(DataViewType type) => type is VectorDataViewType v
        ? v.IsKnownSize ? $"a vector of {v.Size} {MLNetSchemaReader.DataTypeName(v.ItemType)}" : $"a vector of {MLNetSchemaReader.DataTypeName(v.ItemType)} of any size"
        : $"{MLNetSchemaReader.DataTypeName(type)} ({type.RawType.Name})";
}
