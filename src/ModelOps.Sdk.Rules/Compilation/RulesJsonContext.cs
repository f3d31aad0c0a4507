using System.Text.Json.Serialization;

namespace ModelOps.Sdk.Rules.Compilation;

/// <summary>Writes a fired rule's output values (number, integer, string, Boolean) as <see cref="System.Text.Json.JsonElement"/>s without reflection.</summary>
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(bool))]
internal sealed partial class RulesJsonContext : JsonSerializerContext;
