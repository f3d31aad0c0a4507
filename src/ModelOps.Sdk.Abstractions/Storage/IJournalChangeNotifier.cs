namespace ModelOps.Sdk.Storage;

/// <summary>
/// An optional capability of an <see cref="IModelMetadataStore"/>: it tells the registry as soon as any process sharing the store
/// may have committed entries (for example through PostgreSQL's <c>LISTEN</c>/<c>NOTIFY</c>), so that other instances' changes
/// arrive within the notification delay instead of at the next poll.
/// </summary>
/// <remarks>
/// <para>
/// A notification is only a hint to read: the registry then catches up with
/// <see cref="IModelMetadataStore.ReadAsync"/> from the last sequence it has seen, so a lost, duplicated or spurious notification
/// never loses or repeats a change. A store should signal once after its notification channel (re)connects, since notifications
/// sent while it was down are lost; while it is down the registry's polling every <c>ChangePollInterval</c> is the fallback.
/// </para>
/// <para>When the registry is told of a change it marks its replica stale (the next read catches up first) and wakes its watchers' poller.</para>
/// </remarks>
public interface IJournalChangeNotifier
{
    /// <summary>Registers a callback for "entries may have been committed".</summary>
    /// <param name="onChange">
    /// Called on any thread, possibly concurrently, with the sequence number the notification announced, or 0 when it is not known
    /// (for example after a reconnect). It must return quickly and not throw.
    /// </param>
    /// <returns>A registration that stops the callbacks when disposed.</returns>
    IDisposable Subscribe(Action<long> onChange);
}
