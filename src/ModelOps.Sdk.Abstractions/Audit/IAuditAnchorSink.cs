namespace ModelOps.Sdk.Audit;

/// <summary>
/// A second place that keeps the latest <see cref="AuditAnchor"/> of each audit chain, written by the registry as changes commit, so
/// that a journal whose last entries were dropped (truncation) fails verification without anyone exporting an anchor by hand.
/// </summary>
/// <remarks>
/// <para>
/// The registry writes an anchor after an entry is committed whenever the chain's length reaches a multiple of
/// <see cref="ModelOpsOptions.AuditAnchorEvery"/>, and <see cref="IModelRegistry.VerifyAuditLogAsync"/> verifies against
/// <see cref="ReadLatestAsync"/>'s anchor in addition to any anchor it is given. The sink is worth as much as it is out of reach of
/// whoever can write the journal: put it on another volume, behind other permissions, or in write-once storage.
/// </para>
/// <para>
/// Implementations must be thread-safe and safe across processes that share the registry: several writers may store anchors of the
/// same chain concurrently, and <see cref="ReadLatestAsync"/> must then return the one with the highest
/// <see cref="AuditAnchor.Index"/>, never an older one written later. <c>AddModelOps</c> uses <c>FileSystemAuditAnchorSink</c> when
/// <see cref="ModelOpsOptions.AuditAnchorDirectory"/> is set; register another with <c>UseAuditAnchorSink</c>.
/// </para>
/// </remarks>
public interface IAuditAnchorSink
{
    /// <summary>Stores an anchor durably; an anchor at an index lower than the one already kept for its chain does not replace it.</summary>
    /// <param name="anchor">The anchor.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A task that completes when the anchor is stored.</returns>
    Task WriteAsync(AuditAnchor anchor, CancellationToken cancellationToken = default);

    /// <summary>Reads the anchor with the highest index kept for a chain.</summary>
    /// <param name="scope">A model's name, or <see cref="AuditScopes.Registry"/>.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The anchor, or <see langword="null"/> if none was kept for the chain.</returns>
    Task<AuditAnchor?> ReadLatestAsync(string scope, CancellationToken cancellationToken = default);
}
