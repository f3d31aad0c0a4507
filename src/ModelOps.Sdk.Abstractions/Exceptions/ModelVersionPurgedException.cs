namespace ModelOps.Sdk;

/// <summary>
/// Thrown when a purged version's bytes are asked for: opening its artifact or an extra file, loading or scoring it, pointing an
/// alias at it, or exporting its bytes. Its metadata stays readable (<see cref="ModelVersion.Purged"/>).
/// </summary>
public sealed class ModelVersionPurgedException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="ModelVersionPurgedException"/> class.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The purged version.</param>
    /// <param name="purge">When, by whom and why it was purged.</param>
    public ModelVersionPurgedException(string modelName, int version, PurgeRecord purge)
        : base($"Version {version} of model '{modelName}' was purged at {purge?.PurgedAt:O} by {purge?.PurgedBy}"
            + (string.IsNullOrWhiteSpace(purge?.Reason) ? "" : $" ({purge.Reason})")
            + ": its metadata and audit trail are kept, its artifact is not served.")
    {
        ArgumentNullException.ThrowIfNull(purge);
        ModelName = modelName;
        Version = version;
        Purge = purge;
    }

    /// <summary>Gets the model.</summary>
    public string ModelName { get; }

    /// <summary>Gets the purged version.</summary>
    public int Version { get; }

    /// <summary>Gets when, by whom and why the version was purged.</summary>
    public PurgeRecord Purge { get; }

    /// <summary>Gets when the version was purged.</summary>
    public DateTimeOffset PurgedAt => Purge.PurgedAt;

    /// <summary>Gets the principal that purged the version.</summary>
    public string PurgedBy => Purge.PurgedBy;
}
