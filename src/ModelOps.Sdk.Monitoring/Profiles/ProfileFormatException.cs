namespace ModelOps.Sdk.Monitoring.Profiles;

/// <summary>
/// Thrown when a serialized profile cannot be read: it was written with a newer schema version than this library knows, or it is
/// not a valid profile.
/// </summary>
public sealed class ProfileFormatException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="ProfileFormatException"/> class.</summary>
    /// <param name="schemaVersion">The schema version found, if it could be read.</param>
    /// <param name="problem">What is wrong and what to do.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ProfileFormatException(int? schemaVersion, string problem, Exception? innerException = null)
        : base(problem, innerException)
    {
        SchemaVersion = schemaVersion;
    }

    /// <summary>Gets the schema version found in the document, or <see langword="null"/> if it could not be read.</summary>
    public int? SchemaVersion { get; }
}
