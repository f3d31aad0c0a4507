using System.Globalization;
using System.Text.Json;

namespace ModelOps.Sdk.Rules.Definition;

/// <summary>
/// Reads the JSON rule-set format (docs/flavors/rules.md) and type-checks it, collecting every error rather than stopping at the
/// first, so an author fixes a table in one round.
/// </summary>
internal static class RuleSetParser
{
    /// <summary>The newest format version this library reads.</summary>
    public const int CurrentFormatVersion = 1;

    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 };

    private static readonly string[] RootProperties = ["formatVersion", "name", "description", "hitPolicy", "aggregation", "inputs", "outputs", "rules", "default"];
    private static readonly string[] InputProperties = ["name", "type", "nullable", "required", "description"];
    private static readonly string[] OutputProperties = ["name", "type", "priority", "description"];
    private static readonly string[] RuleProperties = ["id", "when", "then", "description"];
    private static readonly string[] ComparisonProperties = ["op", "value"];
    private static readonly string[] RangeProperties = ["op", "min", "max", "minClosed", "maxClosed"];
    private static readonly string[] SetProperties = ["op", "values"];
    private static readonly string[] NullCheckProperties = ["op"];

    /// <summary>Parses and checks a rule set.</summary>
    /// <param name="json">The UTF-8 JSON.</param>
    /// <param name="errors">Receives every problem found.</param>
    /// <returns>The rule set, or <see langword="null"/> when <paramref name="errors"/> is not empty.</returns>
    public static RuleSet? Parse(ReadOnlyMemory<byte> json, List<RuleSetError> errors)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            errors.Add(new RuleSetError(null, $"the artifact is not valid JSON ({ex.Message})"));
            return null;
        }

        using (document)
        {
            var ruleSet = ParseRoot(document.RootElement, errors);
            return errors.Count == 0 ? ruleSet : null;
        }
    }

    private static RuleSet? ParseRoot(JsonElement root, List<RuleSetError> errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new RuleSetError(null, $"the rule set must be a JSON object, not {KindName(root.ValueKind)}"));
            return null;
        }

        // The version is checked first: a newer format may mean anything, so nothing else is reported against it.
        if (!root.TryGetProperty("formatVersion", out var versionElement))
        {
            errors.Add(new RuleSetError("formatVersion", $"missing; write \"formatVersion\": {CurrentFormatVersion}"));
            return null;
        }

        if (versionElement.ValueKind != JsonValueKind.Number || !versionElement.TryGetInt32(out var formatVersion) || formatVersion < 1)
        {
            errors.Add(new RuleSetError("formatVersion", $"{Raw(versionElement)} is not a format version (a positive integer)"));
            return null;
        }

        if (formatVersion > CurrentFormatVersion)
        {
            errors.Add(new RuleSetError("formatVersion", $"format version {formatVersion} is newer than this library reads ({CurrentFormatVersion}); upgrade ModelOps.Sdk.Rules"));
            return null;
        }

        CheckProperties(root, RootProperties, "rule set", errors);

        string? name = null;
        if (root.TryGetProperty("name", out var nameElement))
        {
            if (nameElement.ValueKind == JsonValueKind.String)
            {
                name = nameElement.GetString();
            }
            else
            {
                errors.Add(new RuleSetError("name", $"{Raw(nameElement)} is not a string"));
            }
        }

        var hitPolicy = ParseHitPolicy(root, errors);
        var aggregation = ParseAggregation(root, hitPolicy, errors);
        var inputs = ParseInputs(root, errors);
        var outputs = ParseOutputs(root, hitPolicy, errors);
        var rules = ParseRules(root, inputs, outputs, errors);
        var defaults = root.TryGetProperty("default", out var defaultElement) ? ParseOutputValues(defaultElement, outputs, "default", errors) : null;

        CheckPolicy(hitPolicy, aggregation, outputs, rules, errors);
        return hitPolicy is null ? null : new RuleSet(formatVersion, name, hitPolicy.Value, aggregation, inputs, outputs, rules, defaults);
    }

    private static HitPolicy? ParseHitPolicy(JsonElement root, List<RuleSetError> errors)
    {
        if (!root.TryGetProperty("hitPolicy", out var element))
        {
            errors.Add(new RuleSetError("hitPolicy", "missing; write one of FIRST, UNIQUE, PRIORITY, COLLECT"));
            return null;
        }

        HitPolicy? policy = element.ValueKind == JsonValueKind.String ? element.GetString() switch
        {
            "FIRST" => HitPolicy.First,
            "UNIQUE" => HitPolicy.Unique,
            "PRIORITY" => HitPolicy.Priority,
            "COLLECT" => HitPolicy.Collect,
            _ => null,
        } : null;
        if (policy is null)
        {
            errors.Add(new RuleSetError("hitPolicy", $"{Raw(element)} is not a hit policy; write one of FIRST, UNIQUE, PRIORITY, COLLECT"));
        }

        return policy;
    }

    private static Aggregation ParseAggregation(JsonElement root, HitPolicy? hitPolicy, List<RuleSetError> errors)
    {
        if (!root.TryGetProperty("aggregation", out var element))
        {
            return Aggregation.None;
        }

        Aggregation? aggregation = element.ValueKind == JsonValueKind.String ? element.GetString() switch
        {
            "SUM" => Aggregation.Sum,
            "MIN" => Aggregation.Min,
            "MAX" => Aggregation.Max,
            "COUNT" => Aggregation.Count,
            _ => null,
        } : null;
        if (aggregation is null)
        {
            errors.Add(new RuleSetError("aggregation", $"{Raw(element)} is not an aggregation; write one of SUM, MIN, MAX, COUNT"));
            return Aggregation.None;
        }

        if (hitPolicy is not null and not HitPolicy.Collect)
        {
            errors.Add(new RuleSetError("aggregation", "an aggregation is only allowed with the COLLECT hit policy"));
        }

        return aggregation.Value;
    }

    private static List<InputField> ParseInputs(JsonElement root, List<RuleSetError> errors)
    {
        var inputs = new List<InputField>();
        if (!TryGetNonEmptyArray(root, "inputs", errors, out var array))
        {
            return inputs;
        }

        var index = 0;
        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var element in array.EnumerateArray())
        {
            var part = $"inputs[{index}]";
            index++;
            if (element.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new RuleSetError(part, $"an input must be an object with a name and a type, not {KindName(element.ValueKind)}"));
                continue;
            }

            var name = ReadName(element, part, errors);
            if (name is not null)
            {
                part = $"input '{name}'";
                if (!names.TryAdd(name, index - 1))
                {
                    errors.Add(new RuleSetError(part, "another input has the same name (names are compared ignoring case, as properties are bound)"));
                }
            }

            CheckProperties(element, InputProperties, part, errors);
            var type = ReadType(element, part, errors);
            var nullable = ReadBoolean(element, "nullable", defaultValue: false, part, errors);
            var required = ReadBoolean(element, "required", defaultValue: true, part, errors);
            if (!required && !nullable)
            {
                errors.Add(new RuleSetError(part, "an input that is not required reads as null when absent, so it must also be \"nullable\": true"));
            }

            if (name is not null && type is not null)
            {
                inputs.Add(new InputField(name, type.Value, nullable, required));
            }
        }

        return inputs;
    }

    private static List<OutputField> ParseOutputs(JsonElement root, HitPolicy? hitPolicy, List<RuleSetError> errors)
    {
        var outputs = new List<OutputField>();
        if (!TryGetNonEmptyArray(root, "outputs", errors, out var array))
        {
            return outputs;
        }

        var index = 0;
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var element in array.EnumerateArray())
        {
            var part = $"outputs[{index}]";
            index++;
            if (element.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new RuleSetError(part, $"an output must be an object with a name and a type, not {KindName(element.ValueKind)}"));
                continue;
            }

            var name = ReadName(element, part, errors);
            if (name is not null)
            {
                part = $"output '{name}'";
                if (!names.Add(name))
                {
                    errors.Add(new RuleSetError(part, "another output has the same name (names are compared ignoring case, as properties are bound)"));
                }
            }

            CheckProperties(element, OutputProperties, part, errors);
            var type = ReadType(element, part, errors);
            List<object>? priority = null;
            if (element.TryGetProperty("priority", out var priorityElement))
            {
                if (hitPolicy is not null and not HitPolicy.Priority)
                {
                    errors.Add(new RuleSetError(part, "a priority list is only used by the PRIORITY hit policy"));
                }
                else if (priorityElement.ValueKind != JsonValueKind.Array || priorityElement.GetArrayLength() == 0)
                {
                    errors.Add(new RuleSetError(part, "the priority list must be a non-empty array of values, highest priority first"));
                }
                else if (type is not null)
                {
                    priority = [];
                    foreach (var item in priorityElement.EnumerateArray())
                    {
                        if (!TryReadValue(item, type.Value, out var value, out var problem))
                        {
                            errors.Add(new RuleSetError(part, $"priority list: {problem}"));
                        }
                        else if (priority.Contains(value))
                        {
                            errors.Add(new RuleSetError(part, $"priority list: {Format(value)} appears twice"));
                        }
                        else
                        {
                            priority.Add(value);
                        }
                    }
                }
            }

            if (name is not null && type is not null)
            {
                outputs.Add(new OutputField(name, type.Value, priority));
            }
        }

        return outputs;
    }

    private static List<Rule> ParseRules(JsonElement root, List<InputField> inputs, List<OutputField> outputs, List<RuleSetError> errors)
    {
        var rules = new List<Rule>();
        if (!TryGetNonEmptyArray(root, "rules", errors, out var array))
        {
            return rules;
        }

        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            var part = $"rules[{index}]";
            index++;
            if (element.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new RuleSetError(part, $"a rule must be an object with an id, conditions and outputs, not {KindName(element.ValueKind)}"));
                continue;
            }

            string? id = null;
            if (!element.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(idElement.GetString()))
            {
                errors.Add(new RuleSetError(part, "every rule needs an \"id\": a non-empty string"));
            }
            else
            {
                id = idElement.GetString()!;
                part = $"rule '{id}'";
                if (!ids.TryAdd(id, index - 1))
                {
                    errors.Add(new RuleSetError(part, $"duplicate rule id (rules[{ids[id]}] and rules[{index - 1}])"));
                }
            }

            CheckProperties(element, RuleProperties, part, errors);
            var conditions = new List<Condition>();
            if (element.TryGetProperty("when", out var when))
            {
                if (when.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(new RuleSetError(part, "\"when\" must be an object of conditions by input name"));
                }
                else
                {
                    var seen = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var property in when.EnumerateObject())
                    {
                        var fieldPart = $"{part} field '{property.Name}'";
                        var inputIndex = inputs.FindIndex(i => string.Equals(i.Name, property.Name, StringComparison.Ordinal));
                        if (inputIndex < 0)
                        {
                            errors.Add(new RuleSetError(fieldPart, $"unknown input field; the inputs are {NameList(inputs.Select(i => i.Name))}"));
                            continue;
                        }

                        if (!seen.Add(property.Name))
                        {
                            errors.Add(new RuleSetError(fieldPart, "the field appears twice in \"when\"; put several conditions in one array"));
                            continue;
                        }

                        ParseConditions(property.Value, inputIndex, inputs[inputIndex], fieldPart, conditions, errors);
                    }
                }
            }

            IReadOnlyList<object>? values = null;
            if (!element.TryGetProperty("then", out var then))
            {
                errors.Add(new RuleSetError(part, "missing \"then\": the rule's output values"));
            }
            else
            {
                values = ParseOutputValues(then, outputs, part, errors);
            }

            if (id is not null && values is not null)
            {
                var description = element.TryGetProperty("description", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() : null;
                rules.Add(new Rule(id, conditions, values, description));
            }
        }

        return rules;
    }

    private static void ParseConditions(JsonElement element, int inputIndex, InputField input, string part, List<Condition> conditions, List<RuleSetError> errors)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Array:
                if (element.GetArrayLength() == 0)
                {
                    errors.Add(new RuleSetError(part, "an empty array of conditions; leave the field out of \"when\" to match any value"));
                }

                foreach (var item in element.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object)
                    {
                        ParseConditionObject(item, inputIndex, input, part, conditions, errors);
                    }
                    else
                    {
                        errors.Add(new RuleSetError(part, $"a condition in an array must be an object with \"op\", not {KindName(item.ValueKind)}"));
                    }
                }

                break;
            case JsonValueKind.Object:
                ParseConditionObject(element, inputIndex, input, part, conditions, errors);
                break;
            case JsonValueKind.Null:
                errors.Add(new RuleSetError(part, "null is not a condition; write {\"op\": \"is null\"}"));
                break;
            default:
                // A bare value is shorthand for equality.
                if (TryReadValue(element, input.Type, out var value, out var problem))
                {
                    conditions.Add(new Condition(inputIndex, ConditionOperator.Equal, value));
                }
                else
                {
                    errors.Add(new RuleSetError(part, problem));
                }

                break;
        }
    }

    private static void ParseConditionObject(JsonElement element, int inputIndex, InputField input, string part, List<Condition> conditions, List<RuleSetError> errors)
    {
        if (!element.TryGetProperty("op", out var opElement) || opElement.ValueKind != JsonValueKind.String)
        {
            errors.Add(new RuleSetError(part, "a condition needs \"op\": one of <, <=, >, >=, =, !=, range, in, not in, is null, is not null"));
            return;
        }

        var opText = opElement.GetString();
        ConditionOperator? op = opText switch
        {
            "<" => ConditionOperator.Less,
            "<=" => ConditionOperator.LessOrEqual,
            ">" => ConditionOperator.Greater,
            ">=" => ConditionOperator.GreaterOrEqual,
            "=" or "==" => ConditionOperator.Equal,
            "!=" => ConditionOperator.NotEqual,
            "range" => ConditionOperator.Range,
            "in" => ConditionOperator.In,
            "not in" => ConditionOperator.NotIn,
            "is null" => ConditionOperator.IsNull,
            "is not null" => ConditionOperator.IsNotNull,
            _ => null,
        };
        if (op is null)
        {
            errors.Add(new RuleSetError(part, $"unknown operator \"{opText}\"; write one of <, <=, >, >=, =, !=, range, in, not in, is null, is not null"));
            return;
        }

        var numeric = input.Type is FieldType.Number or FieldType.Integer;
        var typeName = TypeName(input.Type);
        switch (op.Value)
        {
            case ConditionOperator.Less or ConditionOperator.LessOrEqual or ConditionOperator.Greater or ConditionOperator.GreaterOrEqual
                or ConditionOperator.Equal or ConditionOperator.NotEqual:
                CheckProperties(element, ComparisonProperties, part, errors);
                if (!numeric && op.Value is not (ConditionOperator.Equal or ConditionOperator.NotEqual))
                {
                    errors.Add(new RuleSetError(part, $"operator \"{opText}\" is not defined for a {typeName} field; use = or != (or in / not in)"));
                    return;
                }

                if (!element.TryGetProperty("value", out var valueElement))
                {
                    errors.Add(new RuleSetError(part, $"operator \"{opText}\" needs a \"value\""));
                }
                else if (TryReadValue(valueElement, input.Type, out var value, out var problem))
                {
                    conditions.Add(new Condition(inputIndex, op.Value, value));
                }
                else
                {
                    errors.Add(new RuleSetError(part, problem));
                }

                return;

            case ConditionOperator.Range:
                CheckProperties(element, RangeProperties, part, errors);
                if (!numeric)
                {
                    errors.Add(new RuleSetError(part, $"a range is not defined for a {typeName} field; ranges apply to number and integer fields"));
                    return;
                }

                var min = ReadBound(element, "min", input.Type, part, errors);
                var max = ReadBound(element, "max", input.Type, part, errors);
                var minClosed = ReadBoolean(element, "minClosed", defaultValue: true, part, errors);
                var maxClosed = ReadBoolean(element, "maxClosed", defaultValue: true, part, errors);
                if (min is null || max is null)
                {
                    return;
                }

                var order = Convert.ToDouble(min, CultureInfo.InvariantCulture).CompareTo(Convert.ToDouble(max, CultureInfo.InvariantCulture));
                if (input.Type == FieldType.Integer)
                {
                    order = ((long)min).CompareTo((long)max);
                }

                if (order > 0)
                {
                    errors.Add(new RuleSetError(part, $"inverted range: min {Format(min)} is greater than max {Format(max)}"));
                }
                else if (order == 0 && !(minClosed && maxClosed))
                {
                    errors.Add(new RuleSetError(part, $"empty range: min and max are both {Format(min)} but a bound is open"));
                }
                else
                {
                    conditions.Add(new Condition(inputIndex, ConditionOperator.Range, min, max, minClosed, maxClosed));
                }

                return;

            case ConditionOperator.In or ConditionOperator.NotIn:
                CheckProperties(element, SetProperties, part, errors);
                if (input.Type == FieldType.Boolean)
                {
                    errors.Add(new RuleSetError(part, $"operator \"{opText}\" is not defined for a boolean field; use = or !="));
                    return;
                }

                if (!element.TryGetProperty("values", out var valuesElement) || valuesElement.ValueKind != JsonValueKind.Array)
                {
                    errors.Add(new RuleSetError(part, $"operator \"{opText}\" needs \"values\": an array"));
                    return;
                }

                if (valuesElement.GetArrayLength() == 0)
                {
                    errors.Add(new RuleSetError(part, $"empty set: \"{opText}\" needs at least one value"));
                    return;
                }

                var set = new List<object>();
                var valid = true;
                foreach (var item in valuesElement.EnumerateArray())
                {
                    if (TryReadValue(item, input.Type, out var value, out var problem))
                    {
                        if (!set.Contains(value))
                        {
                            set.Add(value);
                        }
                    }
                    else
                    {
                        valid = false;
                        errors.Add(new RuleSetError(part, problem));
                    }
                }

                if (valid)
                {
                    conditions.Add(new Condition(inputIndex, op.Value, Set: set));
                }

                return;

            default:
                CheckProperties(element, NullCheckProperties, part, errors);
                if (!input.Nullable)
                {
                    errors.Add(new RuleSetError(part, $"\"{opText}\" on an input that is not declared \"nullable\": true; a null there is refused before any rule runs"));
                    return;
                }

                conditions.Add(new Condition(inputIndex, op.Value));
                return;
        }
    }

    private static object? ReadBound(JsonElement element, string name, FieldType type, string part, List<RuleSetError> errors)
    {
        if (!element.TryGetProperty(name, out var bound))
        {
            errors.Add(new RuleSetError(part, $"a range needs \"{name}\"; for a one-sided test use <, <=, > or >="));
            return null;
        }

        if (TryReadValue(bound, type, out var value, out var problem))
        {
            return value;
        }

        errors.Add(new RuleSetError(part, $"{name}: {problem}"));
        return null;
    }

    private static List<object>? ParseOutputValues(JsonElement element, List<OutputField> outputs, string part, List<RuleSetError> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new RuleSetError(part, $"output values must be an object of values by output name, not {KindName(element.ValueKind)}"));
            return null;
        }

        var values = new object?[outputs.Count];
        var valid = true;
        foreach (var property in element.EnumerateObject())
        {
            var fieldPart = $"{part} field '{property.Name}'";
            var outputIndex = outputs.FindIndex(o => string.Equals(o.Name, property.Name, StringComparison.Ordinal));
            if (outputIndex < 0)
            {
                valid = false;
                errors.Add(new RuleSetError(fieldPart, $"unknown output field; the outputs are {NameList(outputs.Select(o => o.Name))}"));
                continue;
            }

            if (values[outputIndex] is not null)
            {
                valid = false;
                errors.Add(new RuleSetError(fieldPart, "the output appears twice"));
                continue;
            }

            if (TryReadValue(property.Value, outputs[outputIndex].Type, out var value, out var problem))
            {
                values[outputIndex] = value;
            }
            else
            {
                valid = false;
                errors.Add(new RuleSetError(fieldPart, problem));
            }
        }

        for (var i = 0; i < outputs.Count; i++)
        {
            if (values[i] is null && element.TryGetProperty(outputs[i].Name, out _) is false)
            {
                valid = false;
                errors.Add(new RuleSetError($"{part} field '{outputs[i].Name}'", "missing output value; every rule and the default give every output"));
            }
        }

        return valid ? [.. values.Select(v => v!)] : null;
    }

    private static void CheckPolicy(HitPolicy? hitPolicy, Aggregation aggregation, List<OutputField> outputs, List<Rule> rules, List<RuleSetError> errors)
    {
        if (hitPolicy == HitPolicy.Priority)
        {
            if (outputs.Count > 0 && outputs.TrueForAll(o => o.Priority is null))
            {
                errors.Add(new RuleSetError("outputs", "the PRIORITY hit policy needs a \"priority\" list on at least one output"));
            }

            for (var o = 0; o < outputs.Count; o++)
            {
                if (outputs[o].Priority is not { } priority)
                {
                    continue;
                }

                foreach (var rule in rules)
                {
                    if (!priority.Contains(rule.Outputs[o]))
                    {
                        errors.Add(new RuleSetError($"rule '{rule.Id}' field '{outputs[o].Name}'", $"value {Format(rule.Outputs[o])} is not in the output's priority list"));
                    }
                }
            }
        }

        if (hitPolicy == HitPolicy.Collect && aggregation != Aggregation.None)
        {
            if (outputs.Count != 1)
            {
                errors.Add(new RuleSetError("aggregation", $"an aggregation needs exactly one output (as in DMN), and the table has {outputs.Count}"));
            }
            else if (aggregation != Aggregation.Count && outputs[0].Type is not (FieldType.Number or FieldType.Integer))
            {
                errors.Add(new RuleSetError($"output '{outputs[0].Name}'", $"{aggregation.ToString().ToUpperInvariant()} needs a number or integer output, and this one is {WithArticle(outputs[0].Type)}"));
            }
        }
    }

    private static bool TryGetNonEmptyArray(JsonElement root, string name, List<RuleSetError> errors, out JsonElement array)
    {
        if (!root.TryGetProperty(name, out array))
        {
            errors.Add(new RuleSetError(name, "missing; the rule set needs at least one"));
            return false;
        }

        if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
        {
            errors.Add(new RuleSetError(name, $"must be a non-empty array, not {(array.ValueKind == JsonValueKind.Array ? "an empty one" : KindName(array.ValueKind))}"));
            return false;
        }

        return true;
    }

    private static string? ReadName(JsonElement element, string part, List<RuleSetError> errors)
    {
        if (element.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(name.GetString()))
        {
            return name.GetString();
        }

        errors.Add(new RuleSetError(part, "needs a \"name\": a non-empty string"));
        return null;
    }

    private static FieldType? ReadType(JsonElement element, string part, List<RuleSetError> errors)
    {
        FieldType? type = element.TryGetProperty("type", out var typeElement) && typeElement.ValueKind == JsonValueKind.String
            ? typeElement.GetString() switch
            {
                "number" => FieldType.Number,
                "integer" => FieldType.Integer,
                "string" => FieldType.String,
                "boolean" => FieldType.Boolean,
                _ => null,
            }
            : null;
        if (type is null)
        {
            errors.Add(new RuleSetError(part, $"\"type\" must be one of number, integer, string, boolean{(typeElement.ValueKind == JsonValueKind.Undefined ? string.Empty : $", not {Raw(typeElement)}")}"));
        }

        return type;
    }

    private static bool ReadBoolean(JsonElement element, string name, bool defaultValue, string part, List<RuleSetError> errors)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return defaultValue;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        errors.Add(new RuleSetError(part, $"\"{name}\" must be true or false, not {Raw(value)}"));
        return defaultValue;
    }

    private static void CheckProperties(JsonElement element, string[] allowed, string part, List<RuleSetError> errors)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (Array.IndexOf(allowed, property.Name) < 0)
            {
                errors.Add(new RuleSetError(part, $"unknown property \"{property.Name}\" (allowed here: {string.Join(", ", allowed)})"));
            }
        }
    }

    /// <summary>Reads a literal of a field's type: a <see cref="double"/>, <see cref="long"/>, <see cref="string"/> or <see cref="bool"/>.</summary>
    internal static bool TryReadValue(JsonElement element, FieldType type, out object value, out string problem)
    {
        value = null!;
        problem = string.Empty;
        switch (type)
        {
            case FieldType.Number when element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out var number) && double.IsFinite(number):
                value = number;
                return true;
            case FieldType.Number when element.ValueKind == JsonValueKind.Number:
                problem = $"value {Raw(element)} is outside the range of a 64-bit floating-point number";
                return false;
            case FieldType.Integer when element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var integer):
                value = integer;
                return true;
            case FieldType.Integer when element.ValueKind == JsonValueKind.Number:
                problem = $"value {Raw(element)} is not a whole number in the 64-bit range, but the field is an integer";
                return false;
            case FieldType.String when element.ValueKind == JsonValueKind.String:
                value = element.GetString()!;
                return true;
            case FieldType.Boolean when element.ValueKind is JsonValueKind.True or JsonValueKind.False:
                value = element.GetBoolean();
                return true;
            default:
                problem = element.ValueKind == JsonValueKind.Null
                    ? $"null is not {WithArticle(type)} value"
                    : $"type error: value {Raw(element)} is {KindName(element.ValueKind)}, but the field is {WithArticle(type)}";
                return false;
        }
    }

    /// <summary>Formats a literal for a message.</summary>
    internal static string Format(object? value) => value switch
    {
        null => "null",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        string s => $"\"{s}\"",
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    /// <summary>The format's name for a type, with its article: <c>a number</c>, <c>an integer</c>.</summary>
    internal static string WithArticle(FieldType type) => (type == FieldType.Integer ? "an " : "a ") + TypeName(type);

    /// <summary>The format's name for a type.</summary>
    internal static string TypeName(FieldType type) => type switch
    {
        FieldType.Number => "number",
        FieldType.Integer => "integer",
        FieldType.String => "string",
        _ => "boolean",
    };

    private static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string Raw(JsonElement element)
    {
        var raw = element.ValueKind == JsonValueKind.Undefined ? "(nothing)" : element.GetRawText();
        return raw.Length > 40 ? raw[..40] + "..." : raw;
    }

    private static string NameList(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));
}
