using System.Linq.Expressions;
using System.Reflection;
using ModelOps.Sdk.Rules.Definition;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Rules.Compilation;

/// <summary>
/// The predictor for COLLECT. Each call creates a new output: without an aggregation each output property receives an array of
/// the matching rules' values in table order; with SUM, MIN, MAX or COUNT it receives the aggregate. When no rule matches, the
/// default (if the table has one) counts as the only hit.
/// </summary>
internal sealed class CollectPredictor<TInput, TOutput> : IModelPredictor<TInput, TOutput>
    where TInput : class
    where TOutput : class
{
    private readonly RuleSet _ruleSet;
    private readonly Action<TInput, List<int>> _collect;
    private readonly Func<TOutput> _factory;
    private readonly OutputSlot[] _slots;
    private readonly Action<TOutput, object?>? _setRuleIds;
    private readonly string[] _ruleIds;
    private readonly InputErrors _errors;

    public CollectPredictor(RuleSet ruleSet, ModelVersion version)
    {
        _ruleSet = ruleSet;
        _errors = new InputErrors(version);
        _collect = new DecisionCompiler<TInput>(ruleSet, version, _errors).CompileCollect();
        _ = SingleHitPredictor<TInput, TOutput>.OutputFactory(version);
        _factory = Expression.Lambda<Func<TOutput>>(Expression.New(typeof(TOutput))).Compile();
        _ruleIds = [.. ruleSet.Rules.Select(r => r.Id)];
        _slots = [.. ruleSet.Outputs.Select(o => BindOutput(o, ruleSet, version))];

        var ruleIdProperty = FieldBinder.FindRuleId(typeof(TOutput), version);
        if (ruleIdProperty is not null)
        {
            if (!ruleIdProperty.PropertyType.IsAssignableFrom(typeof(string[])))
            {
                throw FieldBinder.Mismatch(version, "[RuleId]", $"{typeof(TOutput).Name}.{ruleIdProperty.Name} must accept a string array (for example IReadOnlyList<string>) with the COLLECT hit policy");
            }

            _setRuleIds = Setter(ruleIdProperty);
        }
    }

    public TOutput Predict(TInput input)
    {
        if (input is null)
        {
            throw _errors.NullInput();
        }

        var matches = new List<int>();
        _collect(input, matches);
        var output = _factory();
        for (var o = 0; o < _slots.Length; o++)
        {
            var slot = _slots[o];
            var value = _ruleSet.Aggregation == Aggregation.None ? Gather(slot, matches) : Aggregate(slot, o, matches);
            if (value is not null || !slot.Property.PropertyType.IsValueType || Nullable.GetUnderlyingType(slot.Property.PropertyType) is not null)
            {
                slot.Set(output, value);
            }
        }

        _setRuleIds?.Invoke(output, matches.Select(r => _ruleIds[r]).ToArray());
        return output;
    }

    public void PredictBatch(ReadOnlySpan<TInput> inputs, Span<TOutput> outputs) => _errors.PredictEach(this, inputs, outputs);

    private static Array Gather(OutputSlot slot, List<int> matches)
    {
        if (matches.Count == 0)
        {
            return (Array?)slot.DefaultValues?.Clone() ?? Array.CreateInstance(slot.ElementType, 0);
        }

        var values = Array.CreateInstance(slot.ElementType, matches.Count);
        for (var j = 0; j < matches.Count; j++)
        {
            Array.Copy(slot.RuleValues, matches[j], values, j, 1);
        }

        return values;
    }

    private object? Aggregate(OutputSlot slot, int outputIndex, List<int> matches)
    {
        IEnumerable<object> hits = matches.Count > 0
            ? matches.Select(r => _ruleSet.Rules[r].Outputs[outputIndex])
            : _ruleSet.Default is { } defaults ? [defaults[outputIndex]] : [];
        var values = hits.ToList();
        object? result = _ruleSet.Aggregation switch
        {
            Aggregation.Count => (long)values.Count,
            Aggregation.Sum when _ruleSet.Outputs[outputIndex].Type == FieldType.Integer => values.Aggregate(0L, (sum, v) => checked(sum + (long)v)),
            Aggregation.Sum => values.Sum(v => (double)v),
            _ when values.Count == 0 => null,
            Aggregation.Min when _ruleSet.Outputs[outputIndex].Type == FieldType.Integer => values.Min(v => (long)v),
            Aggregation.Min => values.Min(v => (double)v),
            Aggregation.Max when _ruleSet.Outputs[outputIndex].Type == FieldType.Integer => values.Max(v => (long)v),
            _ => values.Max(v => (double)v),
        };
        return result is null ? null : FieldBinder.ConvertValue(result, slot.Property.PropertyType);
    }

    private static OutputSlot BindOutput(OutputField output, RuleSet ruleSet, ModelVersion version)
    {
        var property = FieldBinder.Find(typeof(TOutput), output.Name, forWrite: true, version)
            ?? throw FieldBinder.Mismatch(version, output.Name, $"{typeof(TOutput).Name} has no public settable property for this output (name one so, ignoring case, or mark it [RuleField(\"{output.Name}\")])");
        var outputIndex = ruleSet.Outputs.ToList().IndexOf(output);
        var propertyType = property.PropertyType;

        if (ruleSet.Aggregation != Aggregation.None)
        {
            var underlying = Nullable.GetUnderlyingType(propertyType) ?? propertyType;
            var fieldType = ruleSet.Aggregation == Aggregation.Count ? FieldType.Integer : output.Type;
            if (!FieldBinder.CanWrite(fieldType, underlying))
            {
                throw FieldBinder.Mismatch(version, output.Name, $"{typeof(TOutput).Name}.{property.Name} is {propertyType.Name}, which cannot hold the {ruleSet.Aggregation.ToString().ToUpperInvariant()} of the output; use {FieldBinder.WritableTypes(fieldType)}");
            }

            return new OutputSlot(property, Setter(property), underlying, Array.Empty<object>(), null);
        }

        var elementType = propertyType.IsArray ? propertyType.GetElementType()! : propertyType.IsGenericType && propertyType.GetGenericArguments().Length == 1 ? propertyType.GetGenericArguments()[0] : null;
        if (elementType is null || !propertyType.IsAssignableFrom(elementType.MakeArrayType())
            || !FieldBinder.CanWrite(output.Type, Nullable.GetUnderlyingType(elementType) ?? elementType))
        {
            throw FieldBinder.Mismatch(version, output.Name, $"{typeof(TOutput).Name}.{property.Name} is {propertyType.Name}; with COLLECT and no aggregation it must accept an array of {FieldBinder.WritableTypes(output.Type)}, for example IReadOnlyList<T>");
        }

        var ruleValues = Array.CreateInstance(elementType, ruleSet.Rules.Count);
        for (var r = 0; r < ruleSet.Rules.Count; r++)
        {
            ruleValues.SetValue(Convert(ruleSet.Rules[r].Outputs[outputIndex], elementType, ruleSet.Rules[r].Id, output, version), r);
        }

        Array? defaultValues = null;
        if (ruleSet.Default is { } defaults)
        {
            defaultValues = Array.CreateInstance(elementType, 1);
            defaultValues.SetValue(Convert(defaults[outputIndex], elementType, null, output, version), 0);
        }

        return new OutputSlot(property, Setter(property), elementType, ruleValues, defaultValues);
    }

    private static object Convert(object value, Type target, string? ruleId, OutputField output, ModelVersion version)
    {
        try
        {
            return FieldBinder.ConvertValue(value, target);
        }
        catch (OverflowException)
        {
            throw FieldBinder.Mismatch(version, output.Name, $"value {RuleSetParser.Format(value)} of {(ruleId is null ? "the default" : $"rule '{ruleId}'")} does not fit in {target.Name}");
        }
    }

    private static Action<TOutput, object?> Setter(PropertyInfo property)
    {
        var target = Expression.Parameter(typeof(TOutput), "output");
        var value = Expression.Parameter(typeof(object), "value");
        return Expression.Lambda<Action<TOutput, object?>>(
            Expression.Assign(Expression.Property(target, property), Expression.Convert(value, property.PropertyType)),
            target,
            value).Compile();
    }

    /// <summary>An output property and what it receives: the element type and per-rule values of a list, or an aggregate.</summary>
    private sealed record OutputSlot(PropertyInfo Property, Action<TOutput, object?> Set, Type ElementType, Array RuleValues, Array? DefaultValues);
}
