using System.Reflection;
using ModelOps.Sdk.Rules.Definition;

namespace ModelOps.Sdk.Rules.Compilation;

/// <summary>Finds the properties of input and output types that rule-set fields bind to, once, when a predictor is created.</summary>
internal static class FieldBinder
{
    private static readonly Type[] NumberInputTypes = [typeof(double), typeof(float), typeof(decimal), typeof(int), typeof(long)];
    private static readonly Type[] IntegerInputTypes = [typeof(int), typeof(long)];
    private static readonly Type[] NumberOutputTypes = [typeof(double), typeof(float), typeof(decimal)];
    private static readonly Type[] IntegerOutputTypes = [typeof(long), typeof(int), typeof(double), typeof(decimal)];

    /// <summary>Finds the property bound to a field: the one named by <see cref="RuleFieldAttribute"/>, or else by its own name, ignoring case.</summary>
    public static PropertyInfo? Find(Type type, string field, bool forWrite, ModelVersion version)
    {
        PropertyInfo? found = null;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var accessor = forWrite ? property.SetMethod : property.GetMethod;
            if (accessor is not { IsPublic: true } || property.GetIndexParameters().Length != 0)
            {
                continue;
            }

            var name = property.GetCustomAttribute<RuleFieldAttribute>()?.Name ?? property.Name;
            if (!string.Equals(name, field, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (found is not null)
            {
                throw Mismatch(version, field, $"{type.Name}.{found.Name} and {type.Name}.{property.Name} both bind to it; rename one or use [RuleField]");
            }

            found = property;
        }

        return found;
    }

    /// <summary>Finds the property marked <see cref="RuleIdAttribute"/>, if any.</summary>
    public static PropertyInfo? FindRuleId(Type type, ModelVersion version)
    {
        var marked = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.IsDefined(typeof(RuleIdAttribute), inherit: true))
            .ToList();
        if (marked.Count > 1)
        {
            throw Mismatch(version, "[RuleId]", $"{type.Name} marks {marked.Count} properties with [RuleId]; mark one");
        }

        if (marked.Count == 1 && marked[0].SetMethod is not { IsPublic: true })
        {
            throw Mismatch(version, "[RuleId]", $"{type.Name}.{marked[0].Name} has no public setter");
        }

        return marked.Count == 1 ? marked[0] : null;
    }

    /// <summary>Whether a property type (without <see cref="Nullable{T}"/>) can deliver an input field's values.</summary>
    public static bool CanRead(FieldType fieldType, Type underlying) => fieldType switch
    {
        FieldType.Number => Array.IndexOf(NumberInputTypes, underlying) >= 0,
        FieldType.Integer => Array.IndexOf(IntegerInputTypes, underlying) >= 0,
        FieldType.String => underlying == typeof(string),
        _ => underlying == typeof(bool),
    };

    /// <summary>Whether a property type (without <see cref="Nullable{T}"/>) can hold an output field's values.</summary>
    public static bool CanWrite(FieldType fieldType, Type underlying) => fieldType switch
    {
        FieldType.Number => Array.IndexOf(NumberOutputTypes, underlying) >= 0,
        FieldType.Integer => Array.IndexOf(IntegerOutputTypes, underlying) >= 0,
        FieldType.String => underlying == typeof(string),
        _ => underlying == typeof(bool),
    };

    /// <summary>The types an input property may have, for messages.</summary>
    public static string ReadableTypes(FieldType fieldType) => fieldType switch
    {
        FieldType.Number => "double, float, decimal, int or long (or their nullable forms)",
        FieldType.Integer => "int or long (or their nullable forms)",
        FieldType.String => "string",
        _ => "bool or bool?",
    };

    /// <summary>The types an output property may have, for messages.</summary>
    public static string WritableTypes(FieldType fieldType) => fieldType switch
    {
        FieldType.Number => "double, float or decimal (or their nullable forms)",
        FieldType.Integer => "long, int, double or decimal (or their nullable forms)",
        FieldType.String => "string",
        _ => "bool or bool?",
    };

    /// <summary>Converts a literal (<see cref="double"/>, <see cref="long"/>, <see cref="string"/> or <see cref="bool"/>) to a property's type.</summary>
    /// <exception cref="OverflowException">The value does not fit.</exception>
    public static object ConvertValue(object value, Type target)
    {
        var underlying = Nullable.GetUnderlyingType(target) ?? target;
        return underlying == value.GetType() ? value : Convert.ChangeType(value, underlying, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Creates the exception for a type that does not match the rule set.</summary>
    public static ModelSignatureMismatchException Mismatch(ModelVersion version, string field, string problem) =>
        new(version.ModelName, version.Version, field, problem);
}
