using System.Reflection;
using ModelOps.Sdk.Rules.Definition;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Rules.Compilation;

/// <summary>
/// The predictor for FIRST, UNIQUE and PRIORITY: one output instance per rule, created here, is returned as is, so a decision
/// allocates nothing. PRIORITY is FIRST over the rules sorted by the rank of their outputs, since a rule's outputs are constants.
/// </summary>
internal sealed class SingleHitPredictor<TInput, TOutput> : IModelPredictor<TInput, TOutput>
    where TInput : class
    where TOutput : class
{
    private readonly Func<TInput, int> _decide;
    private readonly Action<TInput, List<int>>? _collectAll;
    private readonly TOutput[] _outputs;
    private readonly TOutput _fallback;
    private readonly string[] _ruleIds;
    private readonly InputErrors _errors;

    public SingleHitPredictor(RuleSet ruleSet, ModelVersion version)
    {
        _errors = new InputErrors(version);
        var compiler = new DecisionCompiler<TInput>(ruleSet, version, _errors);
        int[] order = ruleSet.HitPolicy == HitPolicy.Priority ? PriorityOrder(ruleSet) : [.. Enumerable.Range(0, ruleSet.Rules.Count)];

        var factory = OutputFactory(version);
        var bindings = BindOutputs(ruleSet, version);
        var ruleIdProperty = FieldBinder.FindRuleId(typeof(TOutput), version);
        if (ruleIdProperty is not null && !ruleIdProperty.PropertyType.IsAssignableFrom(typeof(string)))
        {
            throw FieldBinder.Mismatch(version, "[RuleId]", $"{typeof(TOutput).Name}.{ruleIdProperty.Name} must accept a string with the {ruleSet.HitPolicy.ToString().ToUpperInvariant()} hit policy");
        }

        _outputs = new TOutput[order.Length];
        for (var k = 0; k < order.Length; k++)
        {
            var rule = ruleSet.Rules[order[k]];
            _outputs[k] = Create(factory, bindings, rule.Outputs, ruleIdProperty, rule.Id, ruleSet, version);
        }

        _fallback = ruleSet.Default is { } defaults
            ? Create(factory, bindings, defaults, ruleIdProperty, null, ruleSet, version)
            : factory();

        _ruleIds = [.. ruleSet.Rules.Select(r => r.Id)];
        if (ruleSet.HitPolicy == HitPolicy.Unique)
        {
            _decide = compiler.CompileUnique();
            _collectAll = compiler.CompileCollect();
        }
        else
        {
            _decide = compiler.CompileFirst(order);
        }
    }

    public TOutput Predict(TInput input)
    {
        if (input is null)
        {
            throw _errors.NullInput();
        }

        var position = _decide(input);
        if (position >= 0)
        {
            return _outputs[position];
        }

        return position == DecisionCompiler<TInput>.NoMatch ? _fallback : throw AmbiguousMatch(input);
    }

    public void PredictBatch(ReadOnlySpan<TInput> inputs, Span<TOutput> outputs) => _errors.PredictEach(this, inputs, outputs);

    /// <summary>Rules sorted by the rank of their output values in the priority lists, compared output by output; ties keep table order.</summary>
    internal static int[] PriorityOrder(RuleSet ruleSet)
    {
        var ranked = ruleSet.Outputs.Select((o, i) => (Output: o, Index: i)).Where(x => x.Output.Priority is not null).ToList();
        var order = Enumerable.Range(0, ruleSet.Rules.Count).ToArray();
        var keys = order.Select(r => ranked.Select(x => x.Output.Priority!.ToList().IndexOf(ruleSet.Rules[r].Outputs[x.Index])).ToArray()).ToArray();
        Array.Sort(order, (a, b) =>
        {
            for (var i = 0; i < ranked.Count; i++)
            {
                var c = keys[a][i].CompareTo(keys[b][i]);
                if (c != 0)
                {
                    return c;
                }
            }

            return a.CompareTo(b);
        });
        return order;
    }

    internal static Func<TOutput> OutputFactory(ModelVersion version)
    {
        if (typeof(TOutput).IsAbstract || typeof(TOutput).GetConstructor(Type.EmptyTypes) is null)
        {
            throw FieldBinder.Mismatch(version, "(output type)", $"{typeof(TOutput).Name} needs a public parameterless constructor so the rules can create its instances");
        }

        return Activator.CreateInstance<TOutput>;
    }

    private static PropertyInfo[] BindOutputs(RuleSet ruleSet, ModelVersion version)
    {
        var properties = new PropertyInfo[ruleSet.Outputs.Count];
        for (var o = 0; o < ruleSet.Outputs.Count; o++)
        {
            var output = ruleSet.Outputs[o];
            var property = FieldBinder.Find(typeof(TOutput), output.Name, forWrite: true, version)
                ?? throw FieldBinder.Mismatch(version, output.Name, $"{typeof(TOutput).Name} has no public settable property for this output (name one so, ignoring case, or mark it [RuleField(\"{output.Name}\")])");
            var underlying = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (!FieldBinder.CanWrite(output.Type, underlying))
            {
                throw FieldBinder.Mismatch(version, output.Name, $"{typeof(TOutput).Name}.{property.Name} is {property.PropertyType.Name}, which cannot hold {RuleSetParser.WithArticle(output.Type)} output; use {FieldBinder.WritableTypes(output.Type)}");
            }

            properties[o] = property;
        }

        return properties;
    }

    private static TOutput Create(Func<TOutput> factory, PropertyInfo[] bindings, IReadOnlyList<object> values, PropertyInfo? ruleIdProperty, string? ruleId, RuleSet ruleSet, ModelVersion version)
    {
        var instance = factory();
        for (var o = 0; o < bindings.Length; o++)
        {
            object converted;
            try
            {
                converted = FieldBinder.ConvertValue(values[o], bindings[o].PropertyType);
            }
            catch (OverflowException)
            {
                throw FieldBinder.Mismatch(version, ruleSet.Outputs[o].Name, $"value {RuleSetParser.Format(values[o])} of {(ruleId is null ? "the default" : $"rule '{ruleId}'")} does not fit in {typeof(TOutput).Name}.{bindings[o].Name} ({bindings[o].PropertyType.Name})");
            }

            bindings[o].SetValue(instance, converted);
        }

        ruleIdProperty?.SetValue(instance, ruleId);
        return instance;
    }

    private InvalidModelInputException AmbiguousMatch(TInput input)
    {
        var matches = new List<int>();
        _collectAll!(input, matches);
        return _errors.Ambiguous(matches.Select(r => _ruleIds[r]));
    }
}
