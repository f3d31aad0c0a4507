using System.Text.Json.Serialization;

namespace ModelOps.Sdk.Journal;

/// <summary>Source-generated System.Text.Json metadata for everything the registry writes into the journal.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    WriteIndented = false)]
[JsonSerializable(typeof(JournalPayload))]
[JsonSerializable(typeof(ModelVersion))]
[JsonSerializable(typeof(ModelDocument))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(ModelVersionStatus))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(ModelOps.Sdk.Audit.AuditAnchor))]
internal sealed partial class ModelOpsJsonContext : JsonSerializerContext;
