using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelOps.Sdk.Evidence;

/// <summary>The source-generated serializers of <see cref="EvidenceJson"/>.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    WriteIndented = true)]
[JsonSerializable(typeof(OnnxParityReport))]
internal sealed partial class EvidenceJsonContext : JsonSerializerContext;
