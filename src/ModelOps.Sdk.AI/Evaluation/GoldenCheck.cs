using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Pointer;
using Json.Schema;

namespace ModelOps.Sdk.AI.Evaluation;

/// <summary>
/// One deterministic check of a golden case, on the value at a JSON Pointer of the output object (the object <c>ScoreJson</c>
/// returns: the validated output, or <c>{ "text": ... }</c> for a prompt without an output schema).
/// </summary>
internal abstract class GoldenCheck(string path)
{
    private readonly JsonPointer _pointer = JsonPointer.Parse(path);

    public string Path { get; } = path;

    /// <summary>Checks the output; returns <see langword="null"/> when it passes, else why not.</summary>
    public string? Run(JsonElement output)
    {
        var value = _pointer.Evaluate(output);
        return value is { } found ? Check(found) : $"'{Path}' is not in the output";
    }

    protected abstract string? Check(JsonElement value);

    /// <summary><c>exact</c>: the value equals the expected JSON value (deep equality; numbers compared by value).</summary>
    internal sealed class Exact(string path, JsonElement expected) : GoldenCheck(path)
    {
        protected override string? Check(JsonElement value) =>
            JsonNode.DeepEquals(JsonNode.Parse(value.GetRawText()), JsonNode.Parse(expected.GetRawText()))
                ? null
                : $"'{Path}' is {Short(value)}, expected {Short(expected)}";
    }

    /// <summary><c>regex</c>: the value is a string matching the .NET regular expression.</summary>
    internal sealed class Pattern(string path, Regex regex) : GoldenCheck(path)
    {
        protected override string? Check(JsonElement value) => value.ValueKind != JsonValueKind.String
            ? $"'{Path}' is {Flavors.JsonModelFields.Describe(value.ValueKind)}, expected a string matching /{regex}/"
            : regex.IsMatch(value.GetString()!) ? null : $"'{Path}' is {Short(value)}, which does not match /{regex}/";
    }

    /// <summary><c>number</c>: the value is a number within <c>tolerance</c> of the expected one (|actual - expected| &lt;= tolerance).</summary>
    internal sealed class Number(string path, double expected, double tolerance) : GoldenCheck(path)
    {
        protected override string? Check(JsonElement value) =>
            value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var actual)
                ? Math.Abs(actual - expected) <= tolerance
                    ? null
                    : string.Create(CultureInfo.InvariantCulture, $"'{Path}' is {actual}, not within {tolerance} of {expected}")
                : $"'{Path}' is {Flavors.JsonModelFields.Describe(value.ValueKind)}, expected a number";
    }

    /// <summary><c>json-schema</c>: the value is valid against a JSON Schema (draft 2020-12).</summary>
    internal sealed class Schema(string path, JsonSchema schema) : GoldenCheck(path)
    {
        protected override string? Check(JsonElement value)
        {
            var result = schema.Evaluate(value, new EvaluationOptions { OutputFormat = OutputFormat.List });
            if (result.IsValid)
            {
                return null;
            }

            var first = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).Select(d => $"at '{d.InstanceLocation}': {d.Errors!.First().Value}").FirstOrDefault();
            return $"'{Path}' is not valid against the check's schema{(first is null ? string.Empty : ": " + first)}";
        }
    }

    private static string Short(JsonElement value)
    {
        var text = value.GetRawText();
        return text.Length <= 80 ? text : text[..80] + "...";
    }
}
