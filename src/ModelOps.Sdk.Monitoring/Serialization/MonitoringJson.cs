using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelOps.Sdk.Monitoring.Serialization;

/// <summary>The one set of JSON options for profiles and reports: camelCase names, enums as strings, exact doubles.</summary>
internal static class MonitoringJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        RespectNullableAnnotations = true,
    };

    /// <summary>Reads the top-level <c>schemaVersion</c> of a document, or <see langword="null"/> when it has none.</summary>
    public static int? ReadSchemaVersion(JsonDocument document) =>
        document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("schemaVersion", out var element)
            && element.TryGetInt32(out var version)
            ? version
            : null;
}
