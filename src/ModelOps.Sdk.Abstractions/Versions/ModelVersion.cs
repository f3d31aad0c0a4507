namespace ModelOps.Sdk;

/// <summary>
/// A registered, immutable version of a model. Only <see cref="Tags"/>, <see cref="Description"/>, <see cref="Status"/> and <see cref="Purged"/> change after registration.
/// </summary>
public sealed record ModelVersion
{
    /// <summary>Gets the model's name.</summary>
    public required string ModelName { get; init; }

    /// <summary>Gets the version number: 1, 2, 3, ... per model, without gaps, never reused.</summary>
    public required int Version { get; init; }

    /// <summary>Gets the flavor that knows how to load the artifact (<c>mlnet</c>, <c>onnx</c>, <c>rules</c> or a custom one).</summary>
    public required string Flavor { get; init; }

    /// <summary>Gets the main artifact.</summary>
    public required ArtifactFile Artifact { get; init; }

    /// <summary>Gets the extra files stored with the version, by name.</summary>
    public IReadOnlyList<ArtifactFile> ExtraFiles { get; init; } = [];

    /// <summary>Gets the input and output signature.</summary>
    public ModelSignature Signature { get; init; } = ModelSignature.Empty;

    /// <summary>Gets the evaluation metrics recorded at registration.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Gets the training parameters recorded at registration.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the tags; these may change after registration.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the description; it may change after registration.</summary>
    public string? Description { get; init; }

    /// <summary>Gets the lineage.</summary>
    public ModelLineage Lineage { get; init; } = new();

    /// <summary>Gets an example input as JSON, if one was given.</summary>
    public string? InputExample { get; init; }

    /// <summary>Gets the lifecycle status.</summary>
    public ModelVersionStatus Status { get; init; }

    /// <summary>Gets the idempotency key the version was registered with, if any.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Gets when the version was registered (UTC, from the registry's <see cref="TimeProvider"/>).</summary>
    public DateTimeOffset RegisteredAt { get; init; }

    /// <summary>Gets the name of the principal that registered the version.</summary>
    public required string RegisteredBy { get; init; }

    /// <summary>Gets the registry-wide sequence number of the last change to this version.</summary>
    public long Sequence { get; init; }

    /// <summary>
    /// Gets when, by whom and why the version was purged, or <see langword="null"/> while it is not. A purged version keeps its
    /// metadata, hashes and audit trail; its artifact and extra files are no longer served (<see cref="ModelVersionPurgedException"/>).
    /// </summary>
    public PurgeRecord? Purged { get; init; }
}
