using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelOps.Sdk.AspNetCore.Dashboard;

/// <summary>
/// The JSON options of the dashboard's endpoints: the conventions of the SDK's stored documents (web names, enums as camelCase
/// strings, exact doubles with <c>NaN</c> and infinities named, nulls left out), and a time zone written as its id.
/// </summary>
internal static class DashboardJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new TimeZoneIdConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Writes a <see cref="TimeZoneInfo"/> as its id (<c>"UTC"</c>, <c>"Europe/Berlin"</c>), not its adjustment rules.</summary>
    private sealed class TimeZoneIdConverter : JsonConverter<TimeZoneInfo>
    {
        public override TimeZoneInfo Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            TimeZoneInfo.FindSystemTimeZoneById(reader.GetString() ?? throw new JsonException("A time zone id was expected."));

        public override void Write(Utf8JsonWriter writer, TimeZoneInfo value, JsonSerializerOptions options) => writer.WriteStringValue(value.Id);
    }
}
