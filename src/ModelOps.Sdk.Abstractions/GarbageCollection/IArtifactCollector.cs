namespace ModelOps.Sdk.GarbageCollection;

/// <summary>
/// Frees the artifact store of what nothing needs: blobs no unpurged version or document references (purged versions, refused
/// registrations) and the leftovers of uploads that were never committed, once they are older than
/// <see cref="ModelOpsOptions.ArtifactGracePeriod"/>. Registered by <c>AddModelOps()</c>.
/// </summary>
/// <remarks>
/// <para>
/// <b>The guarantee.</b> A blob is deleted only if no unpurged version (artifact or extra file) or document of any model or of the
/// registry references it in the journal as read after the collection started, and it was last published or committed again more
/// than the grace period before the collection started, as checked by the store atomically with its deletion
/// (<see cref="Storage.ICollectableArtifactStore.DeleteIfNotModifiedSinceAsync"/>). So a registration in any process never loses its
/// blob if it appends its metadata within the grace period after committing its upload, and the clocks of the processes and the store
/// differ by less than the grace period. A registration that deduplicates onto a stored blob commits it again, which makes it young.
/// </para>
/// <para>
/// Collecting is a governed operation (<see cref="Security.RegistryOperationKind.CollectArtifacts"/>): with governance it needs the
/// purging role, and a registry without governance refuses it (audited, as other refusals). A dry run needs no role and deletes
/// nothing. Every collection that deletes something is recorded in the registry's audit chain as one <c>artifacts.collected</c> entry naming
/// the actor, the reason, the count and the bytes freed.
/// </para>
/// </remarks>
public interface IArtifactCollector
{
    /// <summary>Collects, or with <paramref name="dryRun"/> lists what a collection would delete.</summary>
    /// <param name="dryRun"><see langword="true"/> to list what would go without deleting anything.</param>
    /// <param name="reason">Why, recorded in the audit chain; <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">A token to cancel the collection between two deletions.</param>
    /// <returns>What was (or would be) deleted, and the bytes freed.</returns>
    /// <exception cref="ArtifactCollectionUnsupportedException">The artifact store cannot be collected.</exception>
    /// <exception cref="OperationRefusedException">The caller may not collect (not for a dry run); the refusal is audited.</exception>
    /// <exception cref="AuditChainBrokenException">A chain does not verify, so what it references is not known; nothing is deleted.</exception>
    Task<ArtifactCollectionResult> CollectAsync(bool dryRun, string? reason = null, CancellationToken cancellationToken = default);
}
