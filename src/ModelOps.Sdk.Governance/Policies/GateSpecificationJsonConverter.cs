using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelOps.Sdk.Governance.Policies;

/// <summary>Reads and writes a <see cref="GateSpecification"/> as one flat object: <c>type</c> plus one property per parameter.</summary>
internal sealed class GateSpecificationJsonConverter : JsonConverter<GateSpecification>
{
    private const string TypeProperty = "type";

    public override GateSpecification Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"A gate must be a JSON object such as {{ \"type\": \"metric-threshold\", \"metric\": \"auc\", \"minimum\": 0.8 }}, not {reader.TokenType}.");
        }

        string? type = null;
        var parameters = new List<KeyValuePair<string, JsonElement>>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            if (!seen.Add(name))
            {
                throw new JsonException($"The gate property '{name}' is given twice (names are case-insensitive).");
            }

            reader.Read();
            if (string.Equals(name, TypeProperty, StringComparison.OrdinalIgnoreCase))
            {
                type = reader.TokenType switch
                {
                    JsonTokenType.String => reader.GetString()!,
                    JsonTokenType.Null => string.Empty,
                    _ => throw new JsonException($"The gate's 'type' must be a string, not {reader.TokenType}."),
                };
            }
            else
            {
                parameters.Add(new(name, JsonElement.ParseValue(ref reader)));
            }
        }

        // A missing type is reported by the catalog with the gate's position, together with every other problem.
        return new GateSpecification(type ?? string.Empty, parameters);
    }

    public override void Write(Utf8JsonWriter writer, GateSpecification value, JsonSerializerOptions options) => WriteTo(writer, value);

    public static void WriteTo(Utf8JsonWriter writer, GateSpecification value)
    {
        writer.WriteStartObject();
        writer.WriteString(TypeProperty, value.Type);
        foreach (var (name, parameter) in value.Parameters)
        {
            writer.WritePropertyName(name);
            parameter.WriteTo(writer);
        }

        writer.WriteEndObject();
    }
}
