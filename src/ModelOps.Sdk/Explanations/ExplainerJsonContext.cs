using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ModelOps.Sdk.Explanations;

/// <summary>Turns the occluded inputs back into the <see cref="System.Text.Json.JsonElement"/> that JSON scoring takes, without reflection.</summary>
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class ExplainerJsonContext : JsonSerializerContext;
