namespace ModelOps.Sdk;

/// <summary>
/// Thrown when stored bytes do not hash to their SHA-256 address, or are missing. A verifying read stream throws it at the end of
/// the stream, before the last bytes are handed out, so no loader ever sees the whole of a corrupt artifact.
/// </summary>
public sealed class ArtifactIntegrityException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="ArtifactIntegrityException"/> class.</summary>
    /// <param name="expectedSha256">The hash the content should have.</param>
    /// <param name="actualSha256">The hash it has, or <see langword="null"/> if the content is missing.</param>
    /// <param name="description">What the content is, for example <c>artifact of model 'credit' version 3</c>.</param>
    public ArtifactIntegrityException(string expectedSha256, string? actualSha256, string description)
        : base(actualSha256 is null
            ? $"The {description} (SHA-256 {expectedSha256}) is missing from the artifact store."
            : $"The {description} is corrupt: expected SHA-256 {expectedSha256} but the stored bytes hash to {actualSha256}.")
    {
        ExpectedSha256 = expectedSha256;
        ActualSha256 = actualSha256;
    }

    /// <summary>Gets the hash the content should have.</summary>
    public string ExpectedSha256 { get; }

    /// <summary>Gets the hash the stored bytes have, or <see langword="null"/> if the content is missing.</summary>
    public string? ActualSha256 { get; }
}
