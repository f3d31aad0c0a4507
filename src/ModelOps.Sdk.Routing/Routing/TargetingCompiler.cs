using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using ModelOps.Sdk.Routing.Experiments;

namespace ModelOps.Sdk.Routing;

/// <summary>
/// Compiles an experiment's targeting rules into one delegate over the input type with System.Linq.Expressions, so a call
/// evaluates them with property reads and set lookups only (no reflection, no boxing, no allocation).
/// </summary>
internal static class TargetingCompiler
{
    /// <summary>Compiles the rules, or returns <see langword="null"/> when there are none.</summary>
    /// <exception cref="InvalidExperimentDefinitionException">A rule does not fit the input type; every such rule is listed.</exception>
    public static Func<TInput, bool>? Compile<TInput>(ExperimentDefinition definition)
    {
        var rules = definition.Targeting;
        if (rules.Count == 0)
        {
            return null;
        }

        var input = Expression.Parameter(typeof(TInput), "input");
        var errors = new List<string>();
        Expression? body = null;
        for (var i = 0; i < rules.Count; i++)
        {
            var condition = CompileRule(input, rules[i], $"Targeting[{i}]", errors);
            if (condition is not null)
            {
                body = body is null ? condition : Expression.AndAlso(body, condition);
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidExperimentDefinitionException(definition.ModelName, definition.Name, errors);
        }

        return Expression.Lambda<Func<TInput, bool>>(body!, input).Compile();
    }

    private static Expression? CompileRule(ParameterExpression input, TargetingRule rule, string field, List<string> errors)
    {
        var property = input.Type.GetProperty(rule.Field, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        if (property is null || !property.CanRead || property.GetIndexParameters().Length > 0)
        {
            errors.Add($"{field}.Field: {input.Type.Name} has no readable public property '{rule.Field}'");
            return null;
        }

        Expression value = Expression.Property(input, property);
        var type = property.PropertyType;
        var underlying = Nullable.GetUnderlyingType(type);
        Expression? hasValue = null;
        if (underlying is not null)
        {
            hasValue = Expression.Property(value, "HasValue");
            value = Expression.Property(value, "Value");
            type = underlying;
        }
        else if (!type.IsValueType)
        {
            hasValue = Expression.NotEqual(value, Expression.Constant(null, value.Type));
        }

        Expression? test = rule.Operator switch
        {
            TargetingOperator.In or TargetingOperator.NotIn => SetTest(value, type, rule, field, errors),
            _ => ComparisonTest(value, type, rule, field, errors),
        };
        if (test is null)
        {
            return null;
        }

        if (rule.Operator == TargetingOperator.NotIn)
        {
            // A missing value is in no set.
            return hasValue is null ? Expression.Not(test) : Expression.OrElse(Expression.Not(hasValue), Expression.Not(test));
        }

        return hasValue is null ? test : Expression.AndAlso(hasValue, test);
    }

    private static MethodCallExpression? SetTest(Expression value, Type type, TargetingRule rule, string field, List<string> errors)
    {
        if (type == typeof(string))
        {
            var set = new HashSet<string>(rule.Values, StringComparer.OrdinalIgnoreCase);
            return Expression.Call(Expression.Constant(set), typeof(HashSet<string>).GetMethod(nameof(HashSet<string>.Contains))!, value);
        }

        if (type == typeof(bool) || type.IsEnum)
        {
            var setType = typeof(HashSet<>).MakeGenericType(type);
            var set = Activator.CreateInstance(setType)!;
            var add = setType.GetMethod("Add")!;
            foreach (var text in rule.Values)
            {
                object? parsed = null;
                if (type == typeof(bool) && bool.TryParse(text, out var flag))
                {
                    parsed = flag;
                }
                else if (type.IsEnum && Enum.TryParse(type, text, ignoreCase: true, out var member) && Enum.IsDefined(type, member!))
                {
                    parsed = member;
                }

                if (parsed is null)
                {
                    errors.Add($"{field}.Values: '{text}' is not a {type.Name} value for field '{rule.Field}'");
                    continue;
                }

                add.Invoke(set, [parsed]);
            }

            return Expression.Call(Expression.Constant(set), setType.GetMethod("Contains")!, value);
        }

        if (IsNumeric(type))
        {
            var set = new HashSet<double>();
            foreach (var text in rule.Values)
            {
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    errors.Add($"{field}.Values: '{text}' is not a number for numeric field '{rule.Field}'");
                    continue;
                }

                set.Add(number);
            }

            return Expression.Call(Expression.Constant(set), typeof(HashSet<double>).GetMethod(nameof(HashSet<double>.Contains))!, Expression.Convert(value, typeof(double)));
        }

        errors.Add($"{field}.Field: '{rule.Field}' has type {type.Name}; targeting supports strings, numbers, booleans and enums");
        return null;
    }

    private static BinaryExpression? ComparisonTest(Expression value, Type type, TargetingRule rule, string field, List<string> errors)
    {
        if (!IsNumeric(type))
        {
            errors.Add($"{field}.Operator: {rule.Operator} needs a numeric field, but '{rule.Field}' has type {type.Name}");
            return null;
        }

        if (rule.Values.Count != 1 || !double.TryParse(rule.Values[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var bound))
        {
            // The definition's own validation already reported it.
            errors.Add($"{field}.Values: {rule.Operator} needs exactly one number");
            return null;
        }

        var left = Expression.Convert(value, typeof(double));
        var right = Expression.Constant(bound);
        return rule.Operator switch
        {
            TargetingOperator.GreaterThan => Expression.GreaterThan(left, right),
            TargetingOperator.GreaterThanOrEqual => Expression.GreaterThanOrEqual(left, right),
            TargetingOperator.LessThan => Expression.LessThan(left, right),
            _ => Expression.LessThanOrEqual(left, right),
        };
    }

    private static bool IsNumeric(Type type) =>
        type == typeof(double) || type == typeof(float) || type == typeof(decimal) || type == typeof(int) || type == typeof(long)
        || type == typeof(short) || type == typeof(byte) || type == typeof(uint) || type == typeof(ulong) || type == typeof(ushort) || type == typeof(sbyte);
}
