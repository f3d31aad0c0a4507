namespace ModelOps.Sdk.Governance.Bundles;

/// <summary>
/// Moves models between registries as one verifiable file: from a development registry to a production one on another network,
/// from the filesystem default into PostgreSQL + S3, or into a backup. One format serves promotion, migration and backup.
/// </summary>
/// <remarks>
/// A bundle is a zip file holding each version's metadata, artifact and extra files, the documents attached to it, the model's
/// whole audit chain with its anchor, and a manifest with the SHA-256 of every entry. Import verifies all of it before it
/// registers anything. Thread-safe.
/// </remarks>
public interface IModelBundleService
{
    /// <summary>Writes a bundle of a model's versions (all when <paramref name="versions"/> is <see langword="null"/>).</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="versions">The versions to include, or <see langword="null"/> for all.</param>
    /// <param name="destination">Where to write the bundle (need not be seekable); left open.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <returns>The bundle's manifest.</returns>
    Task<BundleManifest> ExportAsync(string modelName, IReadOnlyList<int>? versions, Stream destination, CancellationToken cancellationToken = default);

    /// <summary>Verifies a bundle without importing it.</summary>
    /// <param name="source">The bundle.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The verified manifest.</returns>
    /// <exception cref="BundleIntegrityException">The bundle was altered or is incomplete; names the entry.</exception>
    Task<BundleManifest> VerifyAsync(Stream source, CancellationToken cancellationToken = default);

    /// <summary>
    /// Verifies a bundle and imports its versions into this registry: each gets the next free number here, status
    /// <see cref="ModelVersionStatus.PendingApproval"/> (this registry's governance decides), its lineage names the source registry,
    /// model and version, and the source's audit entries concerning it are attached as verified evidence (document kind
    /// <c>import-evidence</c>). Evidence documents (profiles, parity and monitoring reports, model cards) are attached again;
    /// approvals and gate decisions of the source stay evidence only. Importing the same bundle twice changes nothing.
    /// </summary>
    /// <param name="source">The bundle.</param>
    /// <param name="cancellationToken">Cancels the import.</param>
    /// <returns>How each version landed.</returns>
    /// <exception cref="BundleIntegrityException">The bundle was altered or is incomplete; names the entry. Nothing was imported.</exception>
    Task<BundleImportResult> ImportAsync(Stream source, CancellationToken cancellationToken = default);
}
