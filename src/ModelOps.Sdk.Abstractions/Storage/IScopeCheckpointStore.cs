namespace ModelOps.Sdk.Storage;

/// <summary>
/// An optional capability of an <see cref="IModelMetadataStore"/>: it keeps the latest <see cref="ScopeCheckpoint"/> of each scope, so
/// that a registry instance folding a model on first use starts from the checkpoint and reads only the entries after it.
/// </summary>
/// <remarks>
/// <para>
/// Checkpoints are derived data: losing one costs a full fold of its scope, nothing else. The registry only uses them together with
/// <see cref="IJournalScopeReader"/> (it reads the entry a checkpoint names and the entries after it); a store without this interface
/// folds every scope from its first entry, as before.
/// </para>
/// <para>
/// The store keeps one checkpoint per scope, the one written last, every field exactly as written; a write replaces the scope's
/// checkpoint whatever its length (a rebuilt checkpoint must replace a forged one that claims more entries). A write appears whole
/// or not at all to readers, also in other processes. Implementations must be thread-safe. The contract test kit in
/// <c>ModelOps.Sdk.Testing</c> checks implementations of this interface.
/// </para>
/// </remarks>
public interface IScopeCheckpointStore
{
    /// <summary>Reads the checkpoint of a scope.</summary>
    /// <param name="scope">The scope.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The checkpoint written last for <paramref name="scope"/>, exactly as written, or <see langword="null"/> if there is none.</returns>
    /// <exception cref="StorageUnavailableException">The store cannot be reached.</exception>
    ValueTask<ScopeCheckpoint?> ReadCheckpointAsync(string scope, CancellationToken cancellationToken = default);

    /// <summary>Writes a scope's checkpoint, replacing the one it had.</summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A task that completes when the checkpoint is stored.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="checkpoint"/> is <see langword="null"/>.</exception>
    /// <exception cref="StorageUnavailableException">The store cannot be reached.</exception>
    ValueTask WriteCheckpointAsync(ScopeCheckpoint checkpoint, CancellationToken cancellationToken = default);
}
