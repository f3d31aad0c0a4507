using System.Globalization;
using System.Text.Json;

namespace ModelOps.Sdk.Optimization.Definition;

/// <summary>
/// Reads the flavor's JSON document (format version 1): a linear model written out in JSON (<c>"format": "linear"</c>, the
/// default) or a manifest naming an MPS file among the version's extra files and binding parameters to its rows and columns
/// (<c>"format": "mps"</c>). Collects every problem it finds instead of stopping at the first.
/// </summary>
internal static class ModelDocumentParser
{
    public const int CurrentFormatVersion = 1;

    /// <summary>Output names every model has; a variable may not take them.</summary>
    public static readonly string[] ReservedOutputNames = ["objective", "status", "solveTimeMs"];

    public static LinearModel? Parse(ReadOnlyMemory<byte> content, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> extraFiles, List<ModelError> errors)
    {
        if (content.IsEmpty)
        {
            errors.Add(new ModelError(null, "the artifact is empty; it must be a JSON document with \"formatVersion\": 1"));
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            errors.Add(new ModelError($"line {(ex.LineNumber ?? 0) + 1}, position {(ex.BytePositionInLine ?? 0) + 1}", $"the artifact is not valid JSON: {FirstSentence(ex.Message)}"));
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new ModelError(null, $"the document must be a JSON object, not {Describe(root)}"));
                return null;
            }

            var reader = new Reader(errors);
            if (!root.TryGetProperty("formatVersion", out var formatVersion) || formatVersion.ValueKind != JsonValueKind.Number || !formatVersion.TryGetInt32(out var version))
            {
                errors.Add(new ModelError("formatVersion", "missing or not an integer; write \"formatVersion\": 1"));
                return null;
            }

            if (version < 1 || version > CurrentFormatVersion)
            {
                errors.Add(new ModelError("formatVersion", $"format version {version} is not supported; this library reads versions 1 to {CurrentFormatVersion}"));
                return null;
            }

            var name = reader.OptionalString(root, "name", "name") ?? string.Empty;
            var format = reader.OptionalString(root, "format", "format") ?? "linear";
            return format switch
            {
                "linear" => reader.ReadLinear(root, name),
                "mps" => reader.ReadMps(root, name, extraFiles),
                _ => reader.Fail<LinearModel>("format", $"format '{format}' is unknown; use \"linear\" (the model written in JSON) or \"mps\" (an MPS file with parameter bindings)"),
            };
        }
    }

    internal static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{element.GetString()}\"",
        JsonValueKind.Number => $"the number {element.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {element.GetRawText()}",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        _ => "an object",
    };

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message.TrimEnd('.') : message[..end];
    }

    private sealed class Reader(List<ModelError> errors)
    {
        private readonly Dictionary<string, int> _parameters = new(StringComparer.Ordinal);
        private readonly List<ParameterDefinition> _parameterList = [];

        public T? Fail<T>(string? part, string problem)
            where T : class
        {
            errors.Add(new ModelError(part, problem));
            return null;
        }

        public string? OptionalString(JsonElement parent, string property, string part)
        {
            if (!parent.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                errors.Add(new ModelError(part, $"must be a string, not {Describe(value)}"));
                return null;
            }

            return value.GetString();
        }

        public LinearModel? ReadLinear(JsonElement root, string name)
        {
            ReadParameters(root, allowBindings: false);
            var variables = new List<VariableDefinition>();
            var variableIndex = new Dictionary<string, int>(StringComparer.Ordinal);
            var i = 0;
            foreach (var element in Items(root, "variables", required: true))
            {
                var part = $"variables[{i++}]";
                var variableName = Name(element, part, variableIndex.ContainsKey, "variable");
                if (variableName is null)
                {
                    continue;
                }

                part = $"variable '{variableName}'";
                if (Array.IndexOf(ReservedOutputNames, variableName) >= 0)
                {
                    errors.Add(new ModelError(part, $"the name is reserved for the solver's own output ({string.Join(", ", ReservedOutputNames)}); rename the variable"));
                }

                var kind = (OptionalString(element, "type", $"{part} type") ?? "continuous") switch
                {
                    "continuous" => VariableKind.Continuous,
                    "integer" => VariableKind.Integer,
                    "binary" => VariableKind.Binary,
                    var other => Invalid(VariableKind.Continuous, $"{part} type", $"type '{other}' is unknown; use \"continuous\", \"integer\" or \"binary\""),
                };
                ModelValue lower, upper;
                if (kind == VariableKind.Binary)
                {
                    if (element.TryGetProperty("lower", out _) || element.TryGetProperty("upper", out _))
                    {
                        errors.Add(new ModelError(part, "a binary variable has bounds 0 and 1; remove \"lower\" and \"upper\" or make it \"integer\""));
                    }

                    (lower, upper) = (ModelValue.Of(0), ModelValue.Of(1));
                }
                else
                {
                    // Absent lower bound: 0, as in MPS; null: no bound. Absent or null upper bound: no bound.
                    lower = element.TryGetProperty("lower", out var l) ? Value(l, $"{part} lower", double.NegativeInfinity) : ModelValue.Of(0);
                    upper = element.TryGetProperty("upper", out var u) ? Value(u, $"{part} upper", double.PositiveInfinity) : ModelValue.Of(double.PositiveInfinity);
                    if (lower.Parameter < 0 && upper.Parameter < 0 && lower.Constant > upper.Constant)
                    {
                        errors.Add(new ModelError(part, $"the lower bound {Format(lower.Constant)} is above the upper bound {Format(upper.Constant)}"));
                    }
                }

                variableIndex[variableName] = variables.Count;
                variables.Add(new VariableDefinition(variableName, kind, lower, upper));
            }

            if (variables.Count == 0 && errors.Count == 0)
            {
                errors.Add(new ModelError("variables", "the model declares no variable"));
            }

            var constraints = new List<ConstraintDefinition>();
            var constraintNames = new HashSet<string>(StringComparer.Ordinal);
            i = 0;
            foreach (var element in Items(root, "constraints", required: false))
            {
                var part = $"constraints[{i++}]";
                var constraintName = Name(element, part, constraintNames.Contains, "constraint");
                if (constraintName is null)
                {
                    continue;
                }

                constraintNames.Add(constraintName);
                part = $"constraint '{constraintName}'";
                var terms = Terms(element, part, variableIndex, required: true);
                var rhs = element.TryGetProperty("rhs", out var r) ? Value(r, $"{part} rhs", null) : Invalid(ModelValue.Of(0), $"{part} rhs", "missing; give the right-hand side as a number or a parameter name");
                var op = OptionalString(element, "op", $"{part} op");
                var (lower, upper) = op switch
                {
                    "<=" => (ModelValue.Of(double.NegativeInfinity), rhs),
                    ">=" => (rhs, ModelValue.Of(double.PositiveInfinity)),
                    "=" or "==" => (rhs, rhs),
                    null => Invalid((rhs, rhs), $"{part} op", "missing; use \"<=\", \">=\" or \"=\""),
                    _ => Invalid((rhs, rhs), $"{part} op", $"operator '{op}' is unknown; use \"<=\", \">=\" or \"=\""),
                };
                constraints.Add(new ConstraintDefinition(constraintName, terms, lower, upper));
            }

            var maximize = false;
            LinearTerm[] objective = [];
            var offset = ModelValue.Of(0);
            if (!root.TryGetProperty("objective", out var objectiveElement) || objectiveElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new ModelError("objective", "missing or not an object; write { \"sense\": \"maximize\", \"terms\": { \"x\": 3 } }"));
            }
            else
            {
                maximize = (OptionalString(objectiveElement, "sense", "objective sense") ?? "<missing>") switch
                {
                    "minimize" => false,
                    "maximize" => true,
                    var other => Invalid(false, "objective sense", $"sense '{other}' is unknown; use \"minimize\" or \"maximize\""),
                };
                objective = Terms(objectiveElement, "objective", variableIndex, required: false);
                if (objectiveElement.TryGetProperty("offset", out var o))
                {
                    offset = Value(o, "objective offset", null);
                }
            }

            return errors.Count == 0 ? new LinearModel(name, _parameterList, variables, constraints, maximize, objective, offset) : null;
        }

        public LinearModel? ReadMps(JsonElement root, string name, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> extraFiles)
        {
            var file = OptionalString(root, "mpsFile", "mpsFile");
            if (file is null)
            {
                return Fail<LinearModel>("mpsFile", "missing; name the version's extra file that holds the MPS model, for example \"mpsFile\": \"model.mps\"");
            }

            if (!extraFiles.TryGetValue(file, out var mps))
            {
                var present = extraFiles.Count == 0 ? "the version has no extra file" : $"its extra files are {string.Join(", ", extraFiles.Keys.Order(StringComparer.Ordinal).Select(k => $"'{k}'"))}";
                return Fail<LinearModel>("mpsFile", $"the version has no extra file named '{file}' ({present}); register it with the version");
            }

            var bindings = ReadParameters(root, allowBindings: true);
            var model = MpsImporter.Import(name, file, mps, errors);
            if (model is null)
            {
                return null;
            }

            return MpsImporter.Bind(model, _parameterList, bindings, errors);
        }

        /// <summary>Reads the parameters; with <paramref name="allowBindings"/>, also their MPS bindings, by parameter index.</summary>
        private List<(int Parameter, string Part, JsonElement Binding)> ReadParameters(JsonElement root, bool allowBindings)
        {
            var bindings = new List<(int, string, JsonElement)>();
            var i = 0;
            foreach (var element in Items(root, "parameters", required: false))
            {
                var part = $"parameters[{i++}]";
                var parameterName = Name(element, part, _parameters.ContainsKey, "parameter");
                if (parameterName is null)
                {
                    continue;
                }

                part = $"parameter '{parameterName}'";
                var defaultValue = OptionalNumber(element, "default", $"{part} default");
                var example = OptionalNumber(element, "example", $"{part} example");
                if (defaultValue is null && example is null)
                {
                    errors.Add(new ModelError(part, "a required parameter (no \"default\") needs an \"example\" value: registration solves the model once with it"));
                }

                _parameters[parameterName] = _parameterList.Count;
                _parameterList.Add(new ParameterDefinition(parameterName, defaultValue, example ?? defaultValue ?? 0));
                if (element.TryGetProperty("bindings", out var bound))
                {
                    if (!allowBindings)
                    {
                        errors.Add(new ModelError($"{part} bindings", "bindings belong to \"format\": \"mps\"; in a linear model, name the parameter where its value goes (a bound, a coefficient or a right-hand side)"));
                    }
                    else if (bound.ValueKind != JsonValueKind.Array || bound.GetArrayLength() == 0)
                    {
                        errors.Add(new ModelError($"{part} bindings", "must be a non-empty array of targets such as { \"rhs\": \"ROW\" }"));
                    }
                    else
                    {
                        var b = 0;
                        foreach (var binding in bound.EnumerateArray())
                        {
                            bindings.Add((_parameterList.Count - 1, $"{part} bindings[{b++}]", binding));
                        }
                    }
                }
                else if (allowBindings)
                {
                    errors.Add(new ModelError(part, "an MPS model's parameter needs \"bindings\": the rows and columns its value goes to"));
                }
            }

            return bindings;
        }

        private double? OptionalNumber(JsonElement parent, string property, string part)
        {
            if (!parent.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
            {
                errors.Add(new ModelError(part, $"must be a finite number, not {Describe(value)}"));
                return null;
            }

            return number;
        }

        private JsonElement.ArrayEnumerator Items(JsonElement root, string property, bool required)
        {
            if (!root.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (required)
                {
                    errors.Add(new ModelError(property, "missing; it must be an array"));
                }

                return default;
            }

            if (value.ValueKind != JsonValueKind.Array)
            {
                errors.Add(new ModelError(property, $"must be an array, not {Describe(value)}"));
                return default;
            }

            return value.EnumerateArray();
        }

        private string? Name(JsonElement element, string part, Func<string, bool> taken, string what)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new ModelError(part, $"each {what} must be an object, not {Describe(element)}"));
                return null;
            }

            var name = OptionalString(element, "name", $"{part} name");
            if (string.IsNullOrWhiteSpace(name))
            {
                errors.Add(new ModelError($"{part} name", $"every {what} needs a non-empty \"name\""));
                return null;
            }

            if (taken(name))
            {
                errors.Add(new ModelError($"{part} name", $"{what} '{name}' is declared twice"));
                return null;
            }

            return name;
        }

        private LinearTerm[] Terms(JsonElement parent, string part, Dictionary<string, int> variables, bool required)
        {
            if (!parent.TryGetProperty("terms", out var terms) || terms.ValueKind != JsonValueKind.Object)
            {
                if (required || terms.ValueKind != JsonValueKind.Undefined)
                {
                    errors.Add(new ModelError($"{part} terms", "missing or not an object mapping variable names to coefficients, for example { \"x\": 2, \"y\": \"costY\" }"));
                }

                return [];
            }

            var result = new List<LinearTerm>();
            foreach (var term in terms.EnumerateObject())
            {
                if (!variables.TryGetValue(term.Name, out var variable))
                {
                    errors.Add(new ModelError($"{part} terms '{term.Name}'", $"no variable is named '{term.Name}'"));
                    continue;
                }

                result.Add(new LinearTerm(variable, Value(term.Value, $"{part} terms '{term.Name}'", null)));
            }

            return [.. result];
        }

        /// <summary>Reads a number, a parameter name, or (when <paramref name="nullMeans"/> is given) null for an infinite bound.</summary>
        private ModelValue Value(JsonElement element, string part, double? nullMeans)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Number when element.TryGetDouble(out var number) && double.IsFinite(number):
                    return ModelValue.Of(number);
                case JsonValueKind.String:
                    var parameter = element.GetString()!;
                    if (_parameters.TryGetValue(parameter, out var index))
                    {
                        return ModelValue.OfParameter(index);
                    }

                    errors.Add(new ModelError(part, $"no parameter is named '{parameter}'; declare it in \"parameters\""));
                    return ModelValue.Of(0);
                case JsonValueKind.Null when nullMeans is { } infinite:
                    return ModelValue.Of(infinite);
                default:
                    errors.Add(new ModelError(part, $"must be a finite number or a parameter name{(nullMeans is null ? string.Empty : " (or null for no bound)")}, not {Describe(element)}"));
                    return ModelValue.Of(0);
            }
        }

        private T Invalid<T>(T fallback, string part, string problem)
        {
            errors.Add(new ModelError(part, problem));
            return fallback;
        }
    }

    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
