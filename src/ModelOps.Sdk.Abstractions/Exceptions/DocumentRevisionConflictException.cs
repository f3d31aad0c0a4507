using System.Globalization;

namespace ModelOps.Sdk;

/// <summary>
/// Thrown when a document was attached with an <see cref="DocumentAttachment.ExpectedRevision"/> and the latest revision at its place
/// is another one: someone (another instance, a person) attached a revision first. Nothing was attached.
/// </summary>
/// <remarks>Read the document again and decide on what it says now; for a decision a fleet takes, the other instance has usually
/// made it already.</remarks>
public sealed class DocumentRevisionConflictException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="DocumentRevisionConflictException"/> class.</summary>
    /// <param name="modelName">The model, or <see langword="null"/> for a registry-level document.</param>
    /// <param name="version">The version, or <see langword="null"/> for a model-level or registry-level document.</param>
    /// <param name="kind">The document's kind.</param>
    /// <param name="name">The document's name.</param>
    /// <param name="expectedRevision">The revision the attachment expected (0 for none).</param>
    /// <param name="actualRevision">The latest revision found (0 for none).</param>
    public DocumentRevisionConflictException(string? modelName, int? version, string kind, string name, int expectedRevision, int actualRevision)
        : base(string.Create(CultureInfo.InvariantCulture,
            $"Document '{kind}/{name}' of {Describe(modelName, version)} was expected at {DescribeRevision(expectedRevision)} but is at {DescribeRevision(actualRevision)}; nothing was attached."))
    {
        ModelName = modelName;
        Version = version;
        Kind = kind;
        Name = name;
        ExpectedRevision = expectedRevision;
        ActualRevision = actualRevision;
    }

    /// <summary>Gets the model, or <see langword="null"/> for a registry-level document.</summary>
    public string? ModelName { get; }

    /// <summary>Gets the version, or <see langword="null"/> for a model-level or registry-level document.</summary>
    public int? Version { get; }

    /// <summary>Gets the document's kind.</summary>
    public string Kind { get; }

    /// <summary>Gets the document's name.</summary>
    public string Name { get; }

    /// <summary>Gets the revision the attachment expected (0 for none).</summary>
    public int ExpectedRevision { get; }

    /// <summary>Gets the latest revision found (0 for none).</summary>
    public int ActualRevision { get; }

    private static string Describe(string? modelName, int? version) => (modelName, version) switch
    {
        (null, _) => "the registry",
        (_, null) => $"model '{modelName}'",
        _ => string.Create(CultureInfo.InvariantCulture, $"model '{modelName}' version {version}"),
    };

    private static string DescribeRevision(int revision) =>
        revision == 0 ? "no revision" : string.Create(CultureInfo.InvariantCulture, $"revision {revision}");
}
