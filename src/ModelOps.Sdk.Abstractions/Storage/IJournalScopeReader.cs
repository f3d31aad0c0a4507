namespace ModelOps.Sdk.Storage;

/// <summary>
/// An optional capability of an <see cref="IModelMetadataStore"/>: it reads one scope from a given index on without reading the
/// rest of the journal, so a registry instance folds only the models it uses, when it first uses them.
/// </summary>
/// <remarks>
/// <para>
/// The cursor is the scope index (<see cref="JournalEntry.Index"/>), because every store can seek it: compare-and-append makes a
/// scope's indexes 0, 1, 2, ... in storage order, so the entries from index <c>n</c> on are the scope's entries after its first
/// <c>n</c>, and a store finds them through what it already keeps to check the expected length (a per-scope list of positions, a
/// unique index on scope and index). Reading from index 0 returns what <see cref="IModelMetadataStore.ReadScopeAsync"/> returns.
/// </para>
/// <para>
/// With this capability the registry keeps in memory only the scopes an instance touches (resolving an alias, listing a model's
/// versions, writing, watching) and a small index of every model (name, version count, aliases), instead of the whole journal.
/// Without it, the registry folds every scope as it reads the journal, as before. The contract test kit in
/// <c>ModelOps.Sdk.Testing</c> checks implementations of this interface.
/// </para>
/// </remarks>
public interface IJournalScopeReader
{
    /// <summary>
    /// Reads the committed entries of one scope whose <see cref="JournalEntry.Index"/> is <paramref name="fromIndex"/> or more, in
    /// index order, exactly as stored.
    /// </summary>
    /// <param name="scope">The scope.</param>
    /// <param name="fromIndex">The index of the first entry to read: 0 for the whole scope, the scope's length the caller knows to read only what follows it.</param>
    /// <param name="cancellationToken">A token to cancel the enumeration.</param>
    /// <returns>The entries; none if the scope does not exist or holds no entry from <paramref name="fromIndex"/> on.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fromIndex"/> is negative.</exception>
    IAsyncEnumerable<JournalEntry> ReadScopeFromAsync(string scope, long fromIndex, CancellationToken cancellationToken = default);
}
