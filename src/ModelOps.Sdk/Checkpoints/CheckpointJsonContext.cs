using System.Text.Json.Serialization;

namespace ModelOps.Sdk.Checkpoints;

/// <summary>Source-generated System.Text.Json metadata for the state a checkpoint stores, and for the filesystem store's checkpoint files.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    WriteIndented = false)]
[JsonSerializable(typeof(CheckpointState))]
[JsonSerializable(typeof(Storage.ScopeCheckpoint))]
internal sealed partial class CheckpointJsonContext : JsonSerializerContext;
