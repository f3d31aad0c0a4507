namespace ModelOps.Sdk.Flavors;

/// <summary>
/// A model's artifact as a flavor receives it: bytes that the registry has already verified against their SHA-256.
/// </summary>
/// <remarks>
/// Loaders need random access (ML.NET reads a zip, ONNX Runtime a protobuf), so the registry hands the verified content over
/// in memory. A flavor never sees bytes that were not verified.
/// </remarks>
public sealed class ModelArtifact
{
    /// <summary>Initializes a new instance of the <see cref="ModelArtifact"/> class.</summary>
    /// <param name="modelName">The model's name.</param>
    /// <param name="flavor">The flavor named at registration.</param>
    /// <param name="sha256">The content's lowercase hexadecimal SHA-256.</param>
    /// <param name="content">The verified content of the main artifact.</param>
    /// <param name="extraFiles">The verified content of the version's extra files, by name.</param>
    /// <param name="version">The registered version, or <see langword="null"/> while the artifact is inspected at registration.</param>
    public ModelArtifact(
        string modelName,
        string flavor,
        string sha256,
        ReadOnlyMemory<byte> content,
        IReadOnlyDictionary<string, ReadOnlyMemory<byte>>? extraFiles = null,
        ModelVersion? version = null)
    {
        ArgumentNullException.ThrowIfNull(modelName);
        ArgumentNullException.ThrowIfNull(flavor);
        ArgumentNullException.ThrowIfNull(sha256);
        ModelName = modelName;
        Flavor = flavor;
        Sha256 = sha256;
        Content = content;
        ExtraFiles = extraFiles ?? new Dictionary<string, ReadOnlyMemory<byte>>();
        Version = version;
    }

    /// <summary>Gets the model's name.</summary>
    public string ModelName { get; }

    /// <summary>Gets the flavor named at registration.</summary>
    public string Flavor { get; }

    /// <summary>Gets the content's lowercase hexadecimal SHA-256.</summary>
    public string Sha256 { get; }

    /// <summary>Gets the verified content of the main artifact.</summary>
    public ReadOnlyMemory<byte> Content { get; }

    /// <summary>Gets the verified content of the extra files, by name.</summary>
    public IReadOnlyDictionary<string, ReadOnlyMemory<byte>> ExtraFiles { get; }

    /// <summary>Gets the registered version, or <see langword="null"/> while the artifact is inspected at registration.</summary>
    public ModelVersion? Version { get; }

    /// <summary>Opens the content as a read-only, seekable stream.</summary>
    /// <returns>A new stream over the content.</returns>
    public Stream OpenRead() =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(Content, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(Content.ToArray(), writable: false);

    /// <summary>Describes the artifact for error messages, for example <c>model 'credit' version 3 (onnx)</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        Version is { } v ? $"model '{ModelName}' version {v.Version} ({Flavor})" : $"model '{ModelName}' new version ({Flavor})";
}
