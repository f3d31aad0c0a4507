using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelOps.Sdk.Telemetry;

/// <summary>The source-generated serializer of <see cref="ScorerTelemetrySnapshot"/> and <see cref="ScorerTelemetrySeries"/>.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(ScorerTelemetrySnapshot))]
[JsonSerializable(typeof(ScorerTelemetrySeries))]
internal sealed partial class TelemetryJsonContext : JsonSerializerContext;
