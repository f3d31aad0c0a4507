namespace ModelOps.Sdk.Monitoring.Profiles;

/// <summary>
/// Stores a model version's reference profile in the registry, as a hash-verified, append-only document of kind
/// <see cref="DocumentKinds.ReferenceProfile"/>, and loads it back.
/// </summary>
public static class ReferenceProfileRegistryExtensions
{
    /// <summary>The document name used when none is given: <c>default</c>.</summary>
    public const string DefaultName = "default";

    /// <summary>
    /// Attaches a reference profile to a model version. Saving again under the same name adds a revision; the latest revision is
    /// the one <see cref="LoadReferenceProfileAsync"/> returns, and earlier ones stay readable for audit.
    /// </summary>
    /// <param name="registry">The registry.</param>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The version the profile describes.</param>
    /// <param name="profile">The profile (from <see cref="Schema.MonitoringSchema{TInput, TOutput}.FitReference"/>).</param>
    /// <param name="name">The document name, for a version with several references (for example one per segment).</param>
    /// <param name="reason">Why; recorded in the audit log.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The stored document.</returns>
    /// <exception cref="ModelNotFoundException">The model does not exist.</exception>
    /// <exception cref="ModelVersionNotFoundException">The version does not exist.</exception>
    public static Task<ModelDocument> SaveReferenceProfileAsync(
        this IModelRegistry registry,
        string modelName,
        int version,
        DataProfile profile,
        string name = DefaultName,
        string? reason = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return VersionDocuments.SaveAsync(registry, modelName, version, DocumentKinds.ReferenceProfile, name, profile.ToJson(), reason ?? "reference profile", cancellationToken);
    }

    /// <summary>Loads the latest revision of a model version's reference profile, verified against its hash.</summary>
    /// <param name="registry">The registry.</param>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The version.</param>
    /// <param name="name">The document name.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="ReferenceProfileNotFoundException">The version has no reference profile of that name.</exception>
    /// <exception cref="ProfileFormatException">The stored profile has a newer schema version, or is invalid.</exception>
    /// <exception cref="ArtifactIntegrityException">The stored bytes do not match their hash.</exception>
    public static async Task<DataProfile> LoadReferenceProfileAsync(
        this IModelRegistry registry,
        string modelName,
        int version,
        string name = DefaultName,
        CancellationToken cancellationToken = default)
    {
        var content = await VersionDocuments.ReadLatestAsync(registry, modelName, version, DocumentKinds.ReferenceProfile, name, cancellationToken).ConfigureAwait(false)
            ?? throw new ReferenceProfileNotFoundException(modelName, version, name);
        return DataProfile.FromJson(content.Span);
    }
}
