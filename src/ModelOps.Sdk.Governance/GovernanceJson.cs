using System.Text.Json;
using System.Text.Json.Serialization;
using ModelOps.Sdk.Governance.Approvals;
using ModelOps.Sdk.Governance.Gates;
using ModelOps.Sdk.Governance.ModelCards;

namespace ModelOps.Sdk.Governance;

/// <summary>How governance documents are written: web defaults (camelCase), indented for people who read them in the registry.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, UseStringEnumConverter = true)]
[JsonSerializable(typeof(GateReport))]
[JsonSerializable(typeof(ApprovalRecord))]
[JsonSerializable(typeof(GateOverride))]
[JsonSerializable(typeof(ModelCard))]
[JsonSerializable(typeof(ModelCardContent))]
internal sealed partial class GovernanceJson : JsonSerializerContext;
