using System.Text.Json;
using System.Text.Json.Serialization;
using ModelOps.Sdk.Storage;

namespace ModelOps.Sdk.Governance.Bundles;

/// <summary>How bundle entries are written: camelCase, enums as strings, nulls omitted, indented for people who open a bundle.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BundleManifest))]
[JsonSerializable(typeof(ModelVersion))]
[JsonSerializable(typeof(List<ModelDocument>))]
[JsonSerializable(typeof(ModelDocument))]
[JsonSerializable(typeof(List<JournalEntry>))]
[JsonSerializable(typeof(ImportEvidence))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(ModelVersionStatus))]
[JsonSerializable(typeof(string))]
internal sealed partial class BundleJson : JsonSerializerContext;

/// <summary>The <c>import-evidence</c> document attached to each imported version: where it came from, and the source's audit trail of it.</summary>
/// <param name="Origin">The source registry, model and version.</param>
/// <param name="BundleManifestSha256">The SHA-256 of the bundle's manifest.</param>
/// <param name="AuditAnchor">The source chain's anchor, as verified.</param>
/// <param name="AuditEntries">The source's journal entries that concern this version, verified as part of the source chain.</param>
/// <param name="Documents">The documents attached to the version in the source, including approvals and gate decisions.</param>
internal sealed record ImportEvidence(
    ModelOrigin Origin,
    string BundleManifestSha256,
    ModelOps.Sdk.Audit.AuditAnchor AuditAnchor,
    IReadOnlyList<JournalEntry> AuditEntries,
    IReadOnlyList<ModelDocument> Documents);
