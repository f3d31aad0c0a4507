using System.Text.Json;

namespace ModelOps.Sdk.AI.Definition;

/// <summary>The signature of a prompt: its variables in, its output schema's top-level properties (or <c>text</c>) out.</summary>
internal static class PromptSignature
{
    public static ModelSignature Of(PromptDocument document)
    {
        var inputs = document.Variables.Select(v => new SignatureField(v, "string")).ToArray();
        SignatureField[] outputs = document.OutputSchemaJson switch
        {
            null => [new SignatureField("text", "string")],
            { ValueKind: JsonValueKind.Object } schema when schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object =>
                [.. properties.EnumerateObject().Select(p => new SignatureField(p.Name, DataType(p.Value), null, !IsRequired(schema, p.Name)))],
            _ => [new SignatureField("output", "json")],
        };
        return new ModelSignature(inputs, outputs);
    }

    private static string DataType(JsonElement property) =>
        property.ValueKind == JsonValueKind.Object && property.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
            ? type.GetString() switch
            {
                "string" => "string",
                "integer" => "int64",
                "number" => "float64",
                "boolean" => "bool",
                _ => "json",
            }
            : "json";

    private static bool IsRequired(JsonElement schema, string name) =>
        schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array
        && required.EnumerateArray().Any(r => r.ValueKind == JsonValueKind.String && r.GetString() == name);
}
