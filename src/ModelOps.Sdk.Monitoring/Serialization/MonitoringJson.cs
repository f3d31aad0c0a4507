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

    /// <summary>
    /// Reads a versioned document of this package: refuses a missing or newer <c>schemaVersion</c> and invalid JSON with
    /// <see cref="Profiles.ProfileFormatException"/>, and checks the result's invariants with <paramref name="invalidity"/>.
    /// </summary>
    /// <param name="utf8Json">The JSON bytes.</param>
    /// <param name="currentVersion">The newest schema version this library reads.</param>
    /// <param name="noun">What the document is, for messages ("data profile").</param>
    /// <param name="subject">What the messages call it ("profile").</param>
    /// <param name="invalidity">Describes what is wrong with the document read, or <see langword="null"/> when it is valid.</param>
    public static T Read<T>(ReadOnlySpan<byte> utf8Json, int currentVersion, string noun, string subject, Func<T, string?>? invalidity = null)
        where T : class
    {
        int? version = null;
        try
        {
            // The version is checked before the document is bound to a type: a newer schema must be refused for its version, not for
            // whatever its new shape fails to bind to. The bytes are scanned twice, without a copy or a document tree.
            version = ReadSchemaVersion(utf8Json);
            if (version is null or < 1)
            {
                throw new Profiles.ProfileFormatException(version, $"The document is not a {noun}: it has no positive 'schemaVersion'.");
            }

            if (version > currentVersion)
            {
                throw new Profiles.ProfileFormatException(version, $"The {subject} was written with schema version {version}, newer than version {currentVersion} that this library reads; upgrade ModelOps.Sdk.Monitoring to read it.");
            }

            var value = JsonSerializer.Deserialize<T>(utf8Json, Options) ?? throw new Profiles.ProfileFormatException(version, "The document is null.");
            return invalidity?.Invoke(value) is { } problem
                ? throw new Profiles.ProfileFormatException(version, $"The {subject} is invalid: {problem}.")
                : value;
        }
        catch (JsonException ex)
        {
            throw new Profiles.ProfileFormatException(version, $"The document is not a valid {noun}: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Reads the top-level <c>schemaVersion</c> of a document (the last one, when it is repeated, as the binding does), or
    /// <see langword="null"/> when it has none or it is not a whole number.
    /// </summary>
    /// <exception cref="JsonException">The bytes are not JSON.</exception>
    private static int? ReadSchemaVersion(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        int? version = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isVersion = reader.ValueTextEquals("schemaVersion"u8);
            reader.Read();
            if (isVersion)
            {
                version = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var number) ? number : null;
            }

            reader.Skip();
        }

        return version;
    }
}
