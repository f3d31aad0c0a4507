namespace ModelOps.Sdk;

/// <summary>
/// Where a model version came from: what it was trained on, from which code, from which earlier version and by whom.
/// </summary>
public sealed record ModelLineage
{
    /// <summary>Gets a fingerprint of the training data (for example a SHA-256 of the data set or a data-version id).</summary>
    public string? TrainingDataFingerprint { get; init; }

    /// <summary>Gets the source-control revision of the training code.</summary>
    public string? SourceRevision { get; init; }

    /// <summary>Gets the version of the same model this one was derived from (retrained, fine-tuned or exported).</summary>
    public int? ParentVersion { get; init; }

    /// <summary>Gets who or what produced the model (a person, a pipeline run id).</summary>
    public string? CreatedBy { get; init; }

    /// <summary>Gets the registry, model and version this version was imported from (a model bundle), or <see langword="null"/>.</summary>
    public ModelOrigin? ImportedFrom { get; init; }
}
