using System.Text.Json;
using System.Text.Json.Nodes;
using ModelOps.Sdk.Explanations;
using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.Rules.Definition;

namespace ModelOps.Sdk.Rules.Compilation;

/// <summary>
/// Scores a rule set from JSON (<see cref="IJsonScoringModel"/>): each declared input is read from the object's property of the
/// same name (a number, an integer, a string or a Boolean, as declared; <c>null</c> or absent for an optional input reads as null),
/// the rules decide as the typed predictors do, and the outputs are written under their names. A single-hit table that matches no
/// rule and has no default gives <c>null</c> outputs; COLLECT without an aggregation gives arrays.
/// </summary>
internal sealed class JsonRuleScorer
{
    private readonly RuleSet _ruleSet;
    private readonly ModelVersion _version;
    private readonly InputErrors _errors;
    private readonly int[] _order;
    private readonly Func<RuleRow, int>? _decide;
    private readonly Action<RuleRow, List<int>> _collect;

    public JsonRuleScorer(RuleSet ruleSet, ModelVersion version)
    {
        _ruleSet = ruleSet;
        _version = version;
        _errors = new InputErrors(version);
        var compiler = new DecisionCompiler<RuleRow>(ruleSet, version, _errors);
        _order = ruleSet.HitPolicy == HitPolicy.Priority
            ? SingleHitPredictor<RuleRow, RuleRow>.PriorityOrder(ruleSet)
            : [.. Enumerable.Range(0, ruleSet.Rules.Count)];
        _collect = compiler.CompileCollect();
        _decide = ruleSet.HitPolicy switch
        {
            HitPolicy.Collect => null,
            HitPolicy.Unique => compiler.CompileUnique(),
            _ => compiler.CompileFirst(_order),
        };
    }

    public JsonObject Score(JsonElement input)
    {
        var row = Read(input);
        var result = new JsonObject();
        if (_decide is null)
        {
            var matches = new List<int>();
            _collect(row, matches);
            for (var o = 0; o < _ruleSet.Outputs.Count; o++)
            {
                result[_ruleSet.Outputs[o].Name] = _ruleSet.Aggregation == Aggregation.None ? Gather(o, matches) : Aggregate(o, matches);
            }

            return result;
        }

        var position = _decide(row);
        if (position == DecisionCompiler<RuleRow>.Ambiguous)
        {
            var matches = new List<int>();
            _collect(row, matches);
            throw _errors.Ambiguous(matches.Select(r => _ruleSet.Rules[r].Id));
        }

        IReadOnlyList<object>? values = position >= 0
            ? _ruleSet.Rules[_ruleSet.HitPolicy == HitPolicy.Unique ? position : _order[position]].Outputs
            : _ruleSet.Default;
        for (var o = 0; o < _ruleSet.Outputs.Count; o++)
        {
            result[_ruleSet.Outputs[o].Name] = values is null ? null : JsonValue.Create(values[o]);
        }

        return result;
    }

    /// <summary>
    /// The rules that fired for an input, in table order: every matching rule of a COLLECT table, the deciding rule of a single-hit
    /// table (none when the default decided). An ambiguous UNIQUE table is refused as scoring refuses it.
    /// </summary>
    public DecisionExplanation Explain(JsonElement input)
    {
        var row = Read(input);
        var matches = new List<int>();
        if (_decide is null)
        {
            _collect(row, matches);
        }
        else
        {
            var position = _decide(row);
            if (position == DecisionCompiler<RuleRow>.Ambiguous)
            {
                _collect(row, matches);
                throw _errors.Ambiguous(matches.Select(r => _ruleSet.Rules[r].Id));
            }

            if (position >= 0)
            {
                matches.Add(_ruleSet.HitPolicy == HitPolicy.Unique ? position : _order[position]);
            }
        }

        var fired = new List<FiredRule>(matches.Count);
        foreach (var index in matches)
        {
            var rule = _ruleSet.Rules[index];
            var outputs = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            for (var o = 0; o < _ruleSet.Outputs.Count; o++)
            {
                outputs[_ruleSet.Outputs[o].Name] = ToElement(rule.Outputs[o]);
            }

            fired.Add(new FiredRule(rule.Id, outputs, rule.Description));
        }

        return new DecisionExplanation
        {
            ModelName = _version.ModelName,
            Version = _version.Version,
            Method = ExplanationMethod.FiredRules,
            Baseline = matches.Count == 0
                ? "no rule fired: the table's default decided"
                : $"the rules that fired under the {_ruleSet.HitPolicy.ToString().ToUpperInvariant()} hit policy, in table order",
            FiredRules = fired,
        };
    }

    private static JsonElement ToElement(object value) => value switch
    {
        double number => JsonSerializer.SerializeToElement(number, RulesJsonContext.Default.Double),
        long integer => JsonSerializer.SerializeToElement(integer, RulesJsonContext.Default.Int64),
        bool flag => JsonSerializer.SerializeToElement(flag, RulesJsonContext.Default.Boolean),
        _ => JsonSerializer.SerializeToElement(value.ToString(), RulesJsonContext.Default.String),
    };

    private RuleRow Read(JsonElement input)
    {
        JsonModelFields.EnsureObject(input, _version);
        var values = new object?[_ruleSet.Inputs.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var field = _ruleSet.Inputs[i];
            if (!JsonModelFields.TryGetField(input, field.Name, _version, out var value))
            {
                if (field.Required)
                {
                    _ = JsonModelFields.GetRequiredField(input, field.Name, _version);
                }

                continue;
            }

            values[i] = value.ValueKind == JsonValueKind.Null ? null : field.Type switch
            {
                FieldType.Number => JsonModelFields.ReadDouble(value, field.Name, _version),
                FieldType.Integer => JsonModelFields.ReadInt64(value, field.Name, _version),
                FieldType.String => JsonModelFields.ReadString(value, field.Name, _version),
                _ => (object)JsonModelFields.ReadBoolean(value, field.Name, _version),
            };
        }

        return new RuleRow(values);
    }

    private JsonArray Gather(int output, List<int> matches)
    {
        var array = new JsonArray();
        IEnumerable<object> hits = matches.Count > 0
            ? matches.Select(r => _ruleSet.Rules[r].Outputs[output])
            : _ruleSet.Default is { } defaults ? [defaults[output]] : [];
        foreach (var hit in hits)
        {
            array.Add(JsonValue.Create(hit));
        }

        return array;
    }

    private JsonValue? Aggregate(int output, List<int> matches)
    {
        IEnumerable<object> hits = matches.Count > 0
            ? matches.Select(r => _ruleSet.Rules[r].Outputs[output])
            : _ruleSet.Default is { } defaults ? [defaults[output]] : [];
        var values = hits.ToList();
        var integer = _ruleSet.Outputs[output].Type == FieldType.Integer;
        return _ruleSet.Aggregation switch
        {
            Aggregation.Count => JsonValue.Create((long)values.Count),
            Aggregation.Sum when integer => JsonValue.Create(values.Aggregate(0L, (sum, v) => checked(sum + (long)v))),
            Aggregation.Sum => JsonValue.Create(values.Sum(v => (double)v)),
            _ when values.Count == 0 => null,
            Aggregation.Min when integer => JsonValue.Create(values.Min(v => (long)v)),
            Aggregation.Min => JsonValue.Create(values.Min(v => (double)v)),
            Aggregation.Max when integer => JsonValue.Create(values.Max(v => (long)v)),
            _ => JsonValue.Create(values.Max(v => (double)v)),
        };
    }
}
