namespace ModelOps.Sdk;

/// <summary>
/// What to register as a new model version. The registry reads <see cref="Artifact"/> and each extra file once, streaming,
/// while hashing it; it never buffers a whole artifact in memory. The caller keeps ownership of the streams.
/// </summary>
public sealed class ModelVersionRegistration
{
    /// <summary>Gets the model's name (see <see cref="InvalidModelNameException"/> for the rules).</summary>
    public required string ModelName { get; init; }

    /// <summary>Gets the flavor: <c>mlnet</c>, <c>onnx</c>, <c>rules</c> or a custom one.</summary>
    public required string Flavor { get; init; }

    /// <summary>Gets the main artifact's content.</summary>
    public required Stream Artifact { get; init; }

    /// <summary>Gets extra files to store with the version (for example a vocabulary or a preprocessing script), by name.</summary>
    public IReadOnlyDictionary<string, Stream> ExtraFiles { get; init; } = new Dictionary<string, Stream>();

    /// <summary>Gets the input and output signature.</summary>
    public ModelSignature? Signature { get; init; }

    /// <summary>Gets evaluation metrics. Values must be finite.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Gets training parameters.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets initial tags.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets a description.</summary>
    public string? Description { get; init; }

    /// <summary>Gets the lineage.</summary>
    public ModelLineage? Lineage { get; init; }

    /// <summary>Gets an example input as a JSON document.</summary>
    public string? InputExample { get; init; }

    /// <summary>
    /// Gets a caller-chosen key that makes the registration idempotent: registering again with the same model name and key
    /// returns the version the first call created instead of creating another one (for example after a timeout).
    /// </summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Gets why the version is registered; recorded in the audit log.</summary>
    public string? Reason { get; init; }

    /// <summary>
    /// Gets, for a version that was purged in the registry it is imported from (a bundle import), the source's artifact records and
    /// purge: the version is registered as metadata only and purged in the same atomic append. <see cref="Artifact"/> is then not
    /// read (pass <see cref="Stream.Null"/>), <see cref="ExtraFiles"/> must be empty, and <see cref="ModelLineage.ImportedFrom"/> is
    /// required.
    /// </summary>
    public PurgedImport? PurgedImport { get; init; }
}
