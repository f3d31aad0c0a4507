using ModelOps.Sdk.Governance.ModelCards;

namespace ModelOps.Sdk.Cli.Registration;

/// <summary>
/// The metadata JSON file <c>versions register --metadata</c> reads (property names are case-insensitive; unknown ones are errors):
/// <code>
/// { "flavor": "onnx", "description": "...", "metrics": { "auc": 0.86 }, "parameters": { "trees": "200" },
///   "tags": { "owner": "risk-team" },
///   "signature": { "inputs": [ { "name": "income", "dataType": "float32", "shape": [ 1 ] } ], "outputs": [ ... ] },
///   "lineage": { "trainingDataFingerprint": "sha256:...", "sourceRevision": "git:abc123", "parentVersion": 3 },
///   "inputExample": "{...}", "idempotencyKey": "build-4711", "reason": "nightly retrain",
///   "modelCard": { "intendedUse": "...", "limitations": "...", "owner": "...", "trainingData": "..." } }
/// </code>
/// </summary>
internal sealed record VersionMetadataFile
{
    public string? Flavor { get; init; }

    public string? Description { get; init; }

    public Dictionary<string, double>? Metrics { get; init; }

    public Dictionary<string, string>? Parameters { get; init; }

    public Dictionary<string, string>? Tags { get; init; }

    public ModelSignature? Signature { get; init; }

    public ModelLineage? Lineage { get; init; }

    public string? InputExample { get; init; }

    public string? IdempotencyKey { get; init; }

    public string? Reason { get; init; }

    public ModelCardContent? ModelCard { get; init; }
}
