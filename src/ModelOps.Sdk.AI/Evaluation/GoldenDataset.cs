using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Pointer;
using ModelOps.Sdk.AI.Definition;

namespace ModelOps.Sdk.AI.Evaluation;

/// <summary>
/// A golden dataset: cases of template variables with the checks their output must pass, read from the version's extra file
/// (<see cref="GoldenDatasetGate.DefaultDatasetFile"/> by default). Checked at registration when present, so a version is never
/// stored with a dataset its gate could not run.
/// </summary>
internal sealed class GoldenDataset
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip };

    public required IReadOnlyList<GoldenCase> Cases { get; init; }

    public static GoldenDataset? Parse(ReadOnlyMemory<byte> content, string file, IReadOnlyList<string> variables, List<PromptError> errors)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(content, DocumentOptions);
        }
        catch (JsonException ex)
        {
            errors.Add(new PromptError($"{file} line {(ex.LineNumber ?? 0) + 1}", $"the golden dataset is not valid JSON: {ex.Message}"));
            return null;
        }

        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("cases", out var cases) || cases.ValueKind != JsonValueKind.Array || cases.GetArrayLength() == 0)
            {
                errors.Add(new PromptError(file, "a golden dataset is an object with \"cases\": a non-empty array of { \"name\", \"variables\", \"checks\" }"));
                return null;
            }

            foreach (var property in root.EnumerateObject().Where(p => p.Name != "cases"))
            {
                errors.Add(new PromptError($"{file} {property.Name}", $"unknown property '{property.Name}'; a golden dataset has cases"));
            }

            var result = new List<GoldenCase>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            var index = 0;
            foreach (var item in cases.EnumerateArray())
            {
                var part = $"{file} cases[{index++}]";
                if (item.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(new PromptError(part, "a case must be an object { \"name\", \"variables\", \"checks\" }"));
                    continue;
                }

                foreach (var property in item.EnumerateObject().Where(p => p.Name is not ("name" or "variables" or "checks")))
                {
                    errors.Add(new PromptError($"{part}.{property.Name}", $"unknown property '{property.Name}'; a case has name, variables and checks"));
                }

                var name = item.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String && n.GetString()!.Length > 0 ? n.GetString()! : $"case {index}";
                if (!names.Add(name))
                {
                    errors.Add(new PromptError($"{part}.name", $"the case name '{name}' is used twice"));
                }

                var values = ReadVariables(item, part, variables, errors);
                var checks = ReadChecks(item, part, errors);
                result.Add(new GoldenCase(name, values, checks));
            }

            return errors.Count > 0 ? null : new GoldenDataset { Cases = result };
        }
    }

    private static Dictionary<string, string> ReadVariables(JsonElement item, string part, IReadOnlyList<string> variables, List<PromptError> errors)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!item.TryGetProperty("variables", out var json) || json.ValueKind != JsonValueKind.Object)
        {
            if (variables.Count > 0)
            {
                errors.Add(new PromptError($"{part}.variables", $"variables is required: an object with {string.Join(", ", variables)}"));
            }

            return values;
        }

        foreach (var property in json.EnumerateObject())
        {
            if (!variables.Contains(property.Name))
            {
                errors.Add(new PromptError($"{part}.variables.{property.Name}", $"the prompt has no variable '{property.Name}'; its variables are {(variables.Count == 0 ? "none" : string.Join(", ", variables))}"));
            }
            else if (property.Value.ValueKind == JsonValueKind.Null)
            {
                errors.Add(new PromptError($"{part}.variables.{property.Name}", "a variable's value cannot be null"));
            }
            else
            {
                values[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }
        }

        foreach (var missing in variables.Where(v => !values.ContainsKey(v) && !json.TryGetProperty(v, out _)))
        {
            errors.Add(new PromptError($"{part}.variables", $"the variable '{missing}' has no value"));
        }

        return values;
    }

    private static GoldenCheck[] ReadChecks(JsonElement item, string part, List<PromptError> errors)
    {
        if (!item.TryGetProperty("checks", out var json) || json.ValueKind != JsonValueKind.Array || json.GetArrayLength() == 0)
        {
            errors.Add(new PromptError($"{part}.checks", "checks is required: a non-empty array of { \"check\": \"exact\" | \"regex\" | \"number\" | \"json-schema\", ... }"));
            return [];
        }

        var checks = new List<GoldenCheck>();
        var index = 0;
        foreach (var check in json.EnumerateArray())
        {
            var at = $"{part}.checks[{index++}]";
            if (Read(check, at, errors) is { } read)
            {
                checks.Add(read);
            }
        }

        return [.. checks];
    }

    private static GoldenCheck? Read(JsonElement check, string part, List<PromptError> errors)
    {
        if (check.ValueKind != JsonValueKind.Object || !check.TryGetProperty("check", out var kind) || kind.ValueKind != JsonValueKind.String)
        {
            errors.Add(new PromptError(part, "a check is an object whose \"check\" is exact, regex, number or json-schema"));
            return null;
        }

        var path = check.TryGetProperty("path", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString()! : string.Empty;
        if (!JsonPointer.TryParse(path, out _))
        {
            errors.Add(new PromptError($"{part}.path", $"'{path}' is not a JSON Pointer (RFC 6901), such as /category or /items/0/name"));
            return null;
        }

        string[] allowed = kind.GetString() switch
        {
            "exact" => ["check", "path", "value"],
            "regex" => ["check", "path", "pattern"],
            "number" => ["check", "path", "value", "tolerance"],
            "json-schema" => ["check", "path", "schema"],
            _ => [],
        };
        if (allowed.Length == 0)
        {
            errors.Add(new PromptError($"{part}.check", $"unknown check '{kind.GetString()}'; the checks are exact, regex, number and json-schema"));
            return null;
        }

        foreach (var property in check.EnumerateObject().Where(pr => !allowed.Contains(pr.Name)))
        {
            errors.Add(new PromptError($"{part}.{property.Name}", $"unknown property '{property.Name}' for a {kind.GetString()} check; it has {string.Join(", ", allowed)}"));
        }

        switch (kind.GetString())
        {
            case "exact" when check.TryGetProperty("value", out var value):
                return new GoldenCheck.Exact(path, value.Clone());
            case "regex" when check.TryGetProperty("pattern", out var pattern) && pattern.ValueKind == JsonValueKind.String:
                try
                {
                    return new GoldenCheck.Pattern(path, new Regex(pattern.GetString()!, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
                }
                catch (ArgumentException ex)
                {
                    errors.Add(new PromptError($"{part}.pattern", $"not a valid .NET regular expression: {ex.Message}"));
                    return null;
                }

            case "number" when check.TryGetProperty("value", out var number) && number.ValueKind == JsonValueKind.Number:
                var tolerance = check.TryGetProperty("tolerance", out var t) ? t : default;
                if (tolerance.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Number) || (tolerance.ValueKind == JsonValueKind.Number && tolerance.GetDouble() < 0))
                {
                    errors.Add(new PromptError($"{part}.tolerance", "tolerance must be a number of at least 0"));
                    return null;
                }

                return new GoldenCheck.Number(path, number.GetDouble(), tolerance.ValueKind == JsonValueKind.Number ? tolerance.GetDouble() : 0);
            case "json-schema" when check.TryGetProperty("schema", out var schema):
                return PromptDocumentParser.CompileSchema(schema, $"{part}.schema", errors) is { } compiled ? new GoldenCheck.Schema(path, compiled) : null;
            default:
                var missing = kind.GetString() switch { "regex" => "pattern (a string)", "number" => "value (a number)", "json-schema" => "schema", _ => "value" };
                errors.Add(new PromptError(part, $"a {kind.GetString()} check needs {missing}"));
                return null;
        }
    }
}

/// <summary>One golden case: the variables to render and the checks the output must pass.</summary>
internal sealed record GoldenCase(string Name, IReadOnlyDictionary<string, string> Variables, IReadOnlyList<GoldenCheck> Checks);
