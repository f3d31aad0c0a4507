using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;
using Microsoft.Extensions.AI;

namespace ModelOps.Sdk.AI.Definition;

/// <summary>
/// Reads the prompt artifact format (version 1) described in <c>docs/flavors/ai.md</c>, collecting every problem rather than
/// stopping at the first, so that a document can be fixed in one round.
/// </summary>
internal static partial class PromptDocumentParser
{
    public const int CurrentFormatVersion = 1;

    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip };

    private static readonly HashSet<string> TopLevel = new(StringComparer.Ordinal)
    {
        "formatVersion", "name", "description", "messages", "options", "tools", "outputSchema", "refusalPatterns",
    };

    private static readonly HashSet<string> OptionNames = new(StringComparer.Ordinal)
    {
        "modelId", "temperature", "topP", "topK", "maxOutputTokens", "seed", "frequencyPenalty", "presencePenalty", "stopSequences", "toolMode",
    };

    public static PromptDocument? Parse(ReadOnlyMemory<byte> content, List<PromptError> errors)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(content, DocumentOptions);
        }
        catch (JsonException ex)
        {
            errors.Add(new PromptError($"line {(ex.LineNumber ?? 0) + 1}", $"the document is not valid JSON: {ex.Message}"));
            return null;
        }

        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new PromptError(null, "the document must be a JSON object"));
                return null;
            }

            if (!root.TryGetProperty("formatVersion", out var format) || format.ValueKind != JsonValueKind.Number || !format.TryGetInt32(out var version) || version < 1)
            {
                errors.Add(new PromptError("formatVersion", "formatVersion is required and must be 1"));
                return null;
            }

            if (version > CurrentFormatVersion)
            {
                errors.Add(new PromptError("formatVersion", $"format version {version} is newer than this library reads ({CurrentFormatVersion}); upgrade ModelOps.Sdk.AI"));
                return null;
            }

            foreach (var property in root.EnumerateObject().Where(p => !TopLevel.Contains(p.Name)))
            {
                errors.Add(new PromptError(property.Name, $"unknown property '{property.Name}'; the format has {string.Join(", ", TopLevel)}"));
            }

            var messages = ReadMessages(root, errors);
            var variables = messages.SelectMany(m => m.Content.References).Distinct(StringComparer.Ordinal).ToArray();
            var options = ReadOptions(root, errors);
            ReadTools(root, options, errors);
            var (schemaJson, schema) = ReadOutputSchema(root, errors);
            if (schemaJson is { } s)
            {
                options.ResponseFormat = ChatResponseFormat.ForJsonSchema(s, "output");
            }

            var refusals = ReadRefusalPatterns(root, errors);
            return errors.Count > 0 ? null : new PromptDocument
            {
                Messages = messages,
                Variables = variables,
                Options = options,
                OutputSchemaJson = schemaJson,
                OutputSchema = schema,
                RefusalPatterns = refusals,
                Description = root.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null,
            };
        }
    }

    /// <summary>Compiles a JSON Schema with JsonSchema.Net under draft 2020-12, in a registry of its own (an <c>$id</c> never leaks between versions).</summary>
    public static JsonSchema? CompileSchema(JsonElement schema, string part, List<PromptError> errors)
    {
        if (schema.ValueKind is not (JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add(new PromptError(part, $"a JSON Schema must be an object or a boolean, not {Flavors.JsonModelFields.Describe(schema.ValueKind)}"));
            return null;
        }

        try
        {
            return JsonSchema.Build(schema.Clone(), new BuildOptions { Dialect = Dialect.Draft202012, SchemaRegistry = new SchemaRegistry() });
        }
        catch (Exception ex) when (ex is JsonSchemaException or JsonException or ArgumentException or InvalidOperationException or RefResolutionException)
        {
            errors.Add(new PromptError(part, $"the JSON Schema does not compile (draft 2020-12): {ex.Message}"));
            return null;
        }
    }

    private static PromptMessageTemplate[] ReadMessages(JsonElement root, List<PromptError> errors)
    {
        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            errors.Add(new PromptError("messages", "messages is required: a non-empty array of { \"role\", \"content\" }"));
            return [];
        }

        var result = new List<PromptMessageTemplate>();
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var part = $"messages[{index++}]";
            if (message.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new PromptError(part, "a message must be an object { \"role\", \"content\" }"));
                continue;
            }

            foreach (var property in message.EnumerateObject().Where(p => p.Name is not ("role" or "content")))
            {
                errors.Add(new PromptError($"{part}.{property.Name}", $"unknown property '{property.Name}'; a message has role and content"));
            }

            ChatRole? role = message.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String
                ? r.GetString() switch
                {
                    "system" => ChatRole.System,
                    "user" => ChatRole.User,
                    "assistant" => ChatRole.Assistant,
                    _ => null,
                }
                : null;
            if (role is null)
            {
                errors.Add(new PromptError($"{part}.role", "role must be \"system\", \"user\" or \"assistant\""));
            }

            if (!message.TryGetProperty("content", out var c) || c.ValueKind != JsonValueKind.String || c.GetString()!.Length == 0)
            {
                errors.Add(new PromptError($"{part}.content", "content must be a non-empty string"));
                continue;
            }

            var template = PromptTemplate.Parse(c.GetString()!, out var problem);
            if (problem is not null)
            {
                errors.Add(new PromptError($"{part}.content", problem));
            }

            if (role is { } known)
            {
                result.Add(new PromptMessageTemplate(known, template));
            }
        }

        if (result.Count > 0 && result.All(m => m.Role == ChatRole.System))
        {
            errors.Add(new PromptError("messages", "the messages hold only system messages; add a user message"));
        }

        return [.. result];
    }

    private static ChatOptions ReadOptions(JsonElement root, List<PromptError> errors)
    {
        var options = new ChatOptions();
        if (!root.TryGetProperty("options", out var json))
        {
            return options;
        }

        if (json.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new PromptError("options", "options must be an object"));
            return options;
        }

        foreach (var property in json.EnumerateObject())
        {
            var part = $"options.{property.Name}";
            var value = property.Value;
            switch (property.Name)
            {
                case "modelId":
                    options.ModelId = String(value, part, errors);
                    break;
                case "temperature":
                    options.Temperature = (float?)Number(value, part, 0, 2, errors);
                    break;
                case "topP":
                    options.TopP = (float?)Number(value, part, 0, 1, errors);
                    break;
                case "frequencyPenalty":
                    options.FrequencyPenalty = (float?)Number(value, part, -2, 2, errors);
                    break;
                case "presencePenalty":
                    options.PresencePenalty = (float?)Number(value, part, -2, 2, errors);
                    break;
                case "topK":
                    options.TopK = (int?)Integer(value, part, 1, int.MaxValue, errors);
                    break;
                case "maxOutputTokens":
                    options.MaxOutputTokens = (int?)Integer(value, part, 1, int.MaxValue, errors);
                    break;
                case "seed":
                    options.Seed = Integer(value, part, long.MinValue, long.MaxValue, errors);
                    break;
                case "stopSequences":
                    if (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String))
                    {
                        options.StopSequences = [.. value.EnumerateArray().Select(v => v.GetString()!)];
                    }
                    else
                    {
                        errors.Add(new PromptError(part, "stopSequences must be an array of strings"));
                    }

                    break;
                case "toolMode":
                    options.ToolMode = String(value, part, errors) switch
                    {
                        "auto" => ChatToolMode.Auto,
                        "none" => ChatToolMode.None,
                        "required" => ChatToolMode.RequireAny,
                        null => null,
                        var other => Invalid(part, $"toolMode must be \"auto\", \"none\" or \"required\", not \"{other}\"", errors),
                    };
                    break;
                default:
                    errors.Add(new PromptError(part, $"unknown option '{property.Name}'; the options are {string.Join(", ", OptionNames)}"));
                    break;
            }
        }

        return options;
    }

    private static ChatToolMode? Invalid(string part, string problem, List<PromptError> errors)
    {
        errors.Add(new PromptError(part, problem));
        return null;
    }

    private static void ReadTools(JsonElement root, ChatOptions options, List<PromptError> errors)
    {
        if (!root.TryGetProperty("tools", out var tools))
        {
            return;
        }

        if (tools.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new PromptError("tools", "tools must be an array of { \"name\", \"description\", \"parameters\" }"));
            return;
        }

        var declared = new List<AITool>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var tool in tools.EnumerateArray())
        {
            var part = $"tools[{index++}]";
            if (tool.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new PromptError(part, "a tool must be an object { \"name\", \"description\", \"parameters\" }"));
                continue;
            }

            foreach (var property in tool.EnumerateObject().Where(p => p.Name is not ("name" or "description" or "parameters")))
            {
                errors.Add(new PromptError($"{part}.{property.Name}", $"unknown property '{property.Name}'; a tool has name, description and parameters"));
            }

            var name = tool.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            if (string.IsNullOrWhiteSpace(name) || !ToolName().IsMatch(name))
            {
                errors.Add(new PromptError($"{part}.name", "name is required: letters, digits, _ and -, at most 64 characters"));
                continue;
            }

            if (!names.Add(name))
            {
                errors.Add(new PromptError($"{part}.name", $"the tool '{name}' is declared twice"));
            }

            var description = tool.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            JsonElement parameters;
            if (tool.TryGetProperty("parameters", out var p))
            {
                parameters = p.Clone();
                CompileSchema(parameters, $"{part}.parameters", errors);
            }
            else
            {
                using var empty = JsonDocument.Parse("""{"type":"object","properties":{}}""");
                parameters = empty.RootElement.Clone();
            }

            declared.Add(AIFunctionFactory.CreateDeclaration(name, description, parameters));
        }

        options.Tools = declared;
    }

    private static (JsonElement? Json, JsonSchema? Schema) ReadOutputSchema(JsonElement root, List<PromptError> errors)
    {
        if (!root.TryGetProperty("outputSchema", out var schema))
        {
            return (null, null);
        }

        var clone = schema.Clone();
        return (clone, CompileSchema(clone, "outputSchema", errors));
    }

    private static Regex[] ReadRefusalPatterns(JsonElement root, List<PromptError> errors)
    {
        if (!root.TryGetProperty("refusalPatterns", out var patterns))
        {
            return [];
        }

        if (patterns.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new PromptError("refusalPatterns", "refusalPatterns must be an array of regular expressions"));
            return [];
        }

        var result = new List<Regex>();
        var index = 0;
        foreach (var pattern in patterns.EnumerateArray())
        {
            var part = $"refusalPatterns[{index++}]";
            if (pattern.ValueKind != JsonValueKind.String)
            {
                errors.Add(new PromptError(part, "a refusal pattern must be a string"));
                continue;
            }

            try
            {
                result.Add(new Regex(pattern.GetString()!, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
            }
            catch (ArgumentException ex)
            {
                errors.Add(new PromptError(part, $"not a valid .NET regular expression: {ex.Message}"));
            }
        }

        return [.. result];
    }

    private static string? String(JsonElement value, string part, List<PromptError> errors)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        errors.Add(new PromptError(part, $"expected a string, found {Flavors.JsonModelFields.Describe(value.ValueKind)}"));
        return null;
    }

    private static double? Number(JsonElement value, string part, double min, double max, List<PromptError> errors)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && number >= min && number <= max)
        {
            return number;
        }

        errors.Add(new PromptError(part, string.Create(CultureInfo.InvariantCulture, $"expected a number between {min} and {max}, found {value.GetRawText()}")));
        return null;
    }

    private static long? Integer(JsonElement value, string part, long min, long max, List<PromptError> errors)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number >= min && number <= max)
        {
            return number;
        }

        errors.Add(new PromptError(part, string.Create(CultureInfo.InvariantCulture, $"expected a whole number between {min} and {max}, found {value.GetRawText()}")));
        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex ToolName();
}
