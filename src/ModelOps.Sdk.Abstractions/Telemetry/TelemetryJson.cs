using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ModelOps.Sdk.Telemetry;

/// <summary>Reads the telemetry documents' JSON, refusing what is not one with <see cref="StorageFormatException"/>.</summary>
internal static class TelemetryJson
{
    /// <summary>Deserializes <paramref name="utf8Json"/>; invalid JSON and JSON <c>null</c> are refused naming <paramref name="what"/>.</summary>
    public static T Read<T>(ReadOnlySpan<byte> utf8Json, JsonTypeInfo<T> typeInfo, string kind, string what)
        where T : class
    {
        T? value;
        try
        {
            value = JsonSerializer.Deserialize(utf8Json, typeInfo);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            throw new StorageFormatException(kind, $"The {what} is not valid: {ex.Message}", ex);
        }

        return value ?? throw new StorageFormatException(kind, $"The {what} is empty (JSON null).");
    }

    /// <summary>Refuses a schema version this library does not read (below 1, or newer than <paramref name="current"/>).</summary>
    public static void CheckSchema(int version, int current, string kind, string what)
    {
        if (version < 1 || version > current)
        {
            throw new StorageFormatException(kind, $"The {what} has schema version {version}; this library reads 1 to {current}.");
        }
    }
}
