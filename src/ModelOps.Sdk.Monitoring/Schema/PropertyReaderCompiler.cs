using System.Linq.Expressions;
using System.Reflection;
using ModelOps.Sdk.Monitoring.Profiles;

namespace ModelOps.Sdk.Monitoring.Schema;

/// <summary>
/// Compiles a property getter into a typed delegate once, so a row is read without reflection: numbers (and their nullable forms)
/// to <see cref="double"/> with NaN for null, strings and enums to their text, booleans to 0, 1 or -1.
/// </summary>
internal static class PropertyReaderCompiler
{
    private static readonly Type[] NumberTypes =
        [typeof(double), typeof(float), typeof(decimal), typeof(int), typeof(long), typeof(short), typeof(byte), typeof(uint), typeof(ulong), typeof(ushort), typeof(sbyte)];

    /// <summary>Whether a property type can be monitored, and as what.</summary>
    public static FeatureKind? KindOf(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (Array.IndexOf(NumberTypes, underlying) >= 0)
        {
            return FeatureKind.Numeric;
        }

        if (underlying == typeof(bool))
        {
            return FeatureKind.Boolean;
        }

        return underlying == typeof(string) || underlying.IsEnum ? FeatureKind.Categorical : null;
    }

    public static FeatureReader<T> Compile<T>(PropertyInfo property, string name)
    {
        var row = Expression.Parameter(typeof(T), "row");
        Expression value = Expression.Property(row, property);
        var type = property.PropertyType;
        var underlying = Nullable.GetUnderlyingType(type);
        var kind = KindOf(type) ?? throw new ArgumentException($"Property {typeof(T).Name}.{property.Name} has type {type.Name}, which cannot be monitored.", nameof(property));
        var clrType = (underlying ?? type).Name;
        switch (kind)
        {
            case FeatureKind.Numeric:
                {
                    var body = underlying is null
                        ? (Expression)Expression.Convert(value, typeof(double))
                        : Expression.Condition(
                            Expression.Property(value, "HasValue"),
                            Expression.Convert(Expression.Property(value, "Value"), typeof(double)),
                            Expression.Constant(double.NaN));
                    return FeatureReader<T>.ForNumber(name, NullSafe<T, double>(row, body, double.NaN), clrType);
                }

            case FeatureKind.Boolean:
                {
                    var body = underlying is null
                        ? Expression.Condition(value, Expression.Constant(1), Expression.Constant(0))
                        : Expression.Condition(
                            Expression.Property(value, "HasValue"),
                            Expression.Condition(Expression.Property(value, "Value"), Expression.Constant(1), Expression.Constant(0)),
                            Expression.Constant(-1));
                    return FeatureReader<T>.ForBoolean(name, NullSafe<T, int>(row, body, -1), clrType);
                }

            default:
                {
                    Expression body;
                    if ((underlying ?? type).IsEnum)
                    {
                        var enumType = underlying ?? type;
                        var names = typeof(EnumText<>).MakeGenericType(enumType).GetMethod("Of")!;
                        body = underlying is null
                            ? Expression.Call(names, value)
                            : Expression.Condition(
                                Expression.Property(value, "HasValue"),
                                Expression.Call(names, Expression.Property(value, "Value")),
                                Expression.Constant(null, typeof(string)));
                    }
                    else
                    {
                        body = value;
                    }

                    return FeatureReader<T>.ForCategory(name, NullSafe<T, string?>(row, body, null), clrType);
                }
        }
    }

    private static Func<T, TResult> NullSafe<T, TResult>(ParameterExpression row, Expression body, TResult whenNull)
    {
        // A null row reads as missing in every feature rather than throwing.
        if (!typeof(T).IsValueType)
        {
            body = Expression.Condition(
                Expression.ReferenceEqual(row, Expression.Constant(null, typeof(T))),
                Expression.Constant(whenNull, typeof(TResult)),
                body);
        }

        return Expression.Lambda<Func<T, TResult>>(body, row).Compile();
    }

    /// <summary>The name of each defined enum value, computed once, so reading an enum feature does not allocate.</summary>
    private static class EnumText<TEnum>
        where TEnum : struct, Enum
    {
        private static readonly Dictionary<TEnum, string> Names = Enum.GetValues<TEnum>().Distinct().ToDictionary(v => v, v => v.ToString());

        public static string Of(TEnum value) => Names.TryGetValue(value, out var name) ? name : value.ToString();
    }
}
