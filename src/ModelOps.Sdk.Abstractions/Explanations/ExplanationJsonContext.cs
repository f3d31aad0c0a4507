using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelOps.Sdk.Explanations;

/// <summary>The source-generated serializers of <see cref="ExplanationJson"/>.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DecisionExplanation))]
[JsonSerializable(typeof(ReasonCodeTable))]
[JsonSerializable(typeof(StoredReasonCodeTable))]
internal sealed partial class ExplanationJsonContext : JsonSerializerContext;
