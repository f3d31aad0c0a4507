namespace ModelOps.Sdk.Storage;

/// <summary>
/// The metadata half of a storage provider: an append-only journal of <see cref="JournalEntry"/> records, partitioned into scopes
/// (one per model, plus <see cref="Audit.AuditScopes.Registry"/>), with one registry-wide sequence.
/// </summary>
/// <remarks>
/// <para>
/// This is the whole metadata contract a custom adapter implements; the registry builds versions, aliases, history, lifecycle and
/// the audit chain on top of it, so new registry features never change it. What a store must guarantee:
/// </para>
/// <list type="number">
/// <item><description><b>Atomic compare-and-append</b>: <see cref="AppendAsync"/> writes all of its entries or none, and only if the
/// scope holds exactly <c>expectedLength</c> entries at that moment, also against other processes and machines sharing the store.
/// This one check gives gapless version numbers and optimistic concurrency on aliases.</description></item>
/// <item><description><b>Durability before acknowledgement</b>: once <see cref="AppendAsync"/> returns a committed result, the entries
/// survive a crash of the process.</description></item>
/// <item><description><b>Registry-wide order</b>: committed entries get sequence numbers that increase by exactly 1 per entry, in
/// commit order, across all scopes; <see cref="ReadAsync"/> returns them in that order.</description></item>
/// <item><description><b>Readers see only committed entries</b>, and every field exactly as appended.</description></item>
/// </list>
/// <para>Implementations must be thread-safe. The contract test kit in <c>ModelOps.Sdk.Testing</c> checks all of this.</para>
/// </remarks>
public interface IModelMetadataStore
{
    /// <summary>Gets the sequence number of the last committed entry, or 0 if the journal is empty.</summary>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The last sequence number.</returns>
    ValueTask<long> GetLastSequenceAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads committed entries of all scopes with a sequence number greater than <paramref name="afterSequence"/>, in sequence order.</summary>
    /// <param name="afterSequence">The last sequence number the caller has seen (0 to read everything).</param>
    /// <param name="cancellationToken">A token to cancel the enumeration.</param>
    /// <returns>The entries.</returns>
    IAsyncEnumerable<JournalEntry> ReadAsync(long afterSequence, CancellationToken cancellationToken = default);

    /// <summary>Reads every stored entry of one scope in storage order, exactly as stored, for audit verification.</summary>
    /// <param name="scope">The scope.</param>
    /// <param name="cancellationToken">A token to cancel the enumeration.</param>
    /// <returns>The entries; none if the scope does not exist.</returns>
    IAsyncEnumerable<JournalEntry> ReadScopeAsync(string scope, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends entries to a scope if and only if it holds exactly <paramref name="expectedLength"/> entries, assigning their sequence numbers.
    /// </summary>
    /// <param name="scope">The scope.</param>
    /// <param name="expectedLength">The number of entries the caller believes the scope holds; the first new entry's index.</param>
    /// <param name="entries">The entries, with indexes <paramref name="expectedLength"/>, <paramref name="expectedLength"/> + 1, ...</param>
    /// <param name="cancellationToken">A token to cancel the operation before it commits.</param>
    /// <returns>The committed entries, or a conflict if the scope's length differed (nothing written).</returns>
    ValueTask<JournalAppendResult> AppendAsync(string scope, long expectedLength, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default);
}
