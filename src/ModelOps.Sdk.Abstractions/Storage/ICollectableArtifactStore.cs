namespace ModelOps.Sdk.Storage;

/// <summary>
/// An optional capability of an <see cref="IArtifactStore"/>: it lists what it stores and deletes content on request, so the
/// registry's garbage collector (<see cref="GarbageCollection.IArtifactCollector"/>) can free the blobs nothing unpurged references,
/// and the leftovers of uploads that were never committed.
/// </summary>
/// <remarks>
/// <para>
/// A store without it cannot be collected: the collector throws <see cref="ArtifactCollectionUnsupportedException"/>, and nothing
/// is deleted. The contract test kit in <c>ModelOps.Sdk.Testing</c> checks implementations of this interface.
/// </para>
/// <para>
/// The collector is safe against registrations running in other processes because of three rules a store must keep:
/// </para>
/// <list type="number">
/// <item><description><b>Last-modified is the last write or commit.</b> <see cref="StoredArtifact.LastModified"/> is when the content was
/// published under its hash, or later.</description></item>
/// <item><description><b>A duplicate commit refreshes it.</b> When <see cref="IArtifactUpload.CommitAsync"/> finds the content already
/// stored, the stored content's last-modified time becomes the time of that commit, so a registration that deduplicates onto an old
/// blob makes it young again before it appends its metadata.</description></item>
/// <item><description><b>Deleting checks the age atomically with a refresh.</b> <see cref="DeleteIfNotModifiedSinceAsync"/> deletes only
/// content whose last-modified time is still before the cutoff, and a commit of the same content that runs at the same time either
/// refreshes the content before the check (and it is kept) or finds it gone and publishes its own copy.</description></item>
/// </list>
/// <para>Implementations must be thread-safe, and several processes may collect and upload at once.</para>
/// </remarks>
public interface ICollectableArtifactStore
{
    /// <summary>Lists the content stored under a hash, in no particular order.</summary>
    /// <param name="cancellationToken">A token to cancel the enumeration.</param>
    /// <returns>Every stored blob with its length and last-modified time; content published during the enumeration may be missing.</returns>
    IAsyncEnumerable<StoredArtifact> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes the content stored under a hash if it was last modified before <paramref name="cutoff"/>.</summary>
    /// <param name="sha256">The content's lowercase hexadecimal SHA-256.</param>
    /// <param name="cutoff">The time before which the content must have been last modified (UTC).</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>
    /// <see langword="true"/> if the content was deleted; <see langword="false"/> if it was modified at or after the cutoff (for
    /// example committed again by a registration meanwhile) and is kept, or if no content has that hash.
    /// </returns>
    /// <exception cref="ArgumentException"><paramref name="sha256"/> is not 64 lowercase hexadecimal characters.</exception>
    ValueTask<bool> DeleteIfNotModifiedSinceAsync(string sha256, DateTimeOffset cutoff, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists the leftovers of uploads that were never committed nor disposed (a process killed mid-upload) and that were last
    /// written before <paramref name="cutoff"/>; uploads in progress in this process are never listed.
    /// </summary>
    /// <param name="cutoff">The time before which a leftover must have been last written (UTC).</param>
    /// <param name="cancellationToken">A token to cancel the enumeration.</param>
    /// <returns>The leftovers.</returns>
    IAsyncEnumerable<AbandonedUpload> ListAbandonedUploadsAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default);

    /// <summary>Deletes the leftover of an upload that <see cref="ListAbandonedUploadsAsync"/> listed.</summary>
    /// <param name="upload">The leftover, as listed.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns><see langword="true"/> if it was deleted; <see langword="false"/> if it was gone already.</returns>
    ValueTask<bool> DeleteAbandonedUploadAsync(AbandonedUpload upload, CancellationToken cancellationToken = default);
}
