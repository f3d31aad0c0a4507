using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelOps.Sdk.Governance.Policies;

/// <summary>
/// How policy documents are read and written: web defaults (camelCase, case-insensitive reading), indented, comments and trailing
/// commas allowed in hand-written files.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(PromotionPolicyDocument))]
[JsonSerializable(typeof(GateSpecification))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class PromotionPolicyJson : JsonSerializerContext;
