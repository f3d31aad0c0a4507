using ModelOps.Sdk.Aliases;

namespace ModelOps.Sdk.Registry;

/// <summary>
/// The folded state of one model (or of the registry scope): versions, aliases, documents and the head of its journal scope.
/// Mutated only by <see cref="RegistryReplica"/> under its lock; <see cref="AliasTable"/> is replaced, never mutated, so alias
/// resolution reads it without a lock.
/// </summary>
internal sealed class ModelState(string scope) : ScopeHead(scope)
{
    /// <summary>Versions by number; index 0 holds version 1.</summary>
    public List<ModelVersion> Versions { get; } = [];

    public Dictionary<string, AliasState> Aliases { get; } = new(StringComparer.Ordinal);

    /// <summary>Current aliases; replaced on every alias change (copy-on-write) for lock-free reads.</summary>
    public volatile Dictionary<string, ModelAlias> AliasTable = new(StringComparer.Ordinal);

    public List<ModelDocument> Documents { get; } = [];

    public Dictionary<string, int> IdempotencyKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>The length of the scope's latest checkpoint this instance knows of (read at fold, or written since); 0 for none.</summary>
    public long CheckpointedLength { get; set; }

    /// <summary>
    /// Folded from a checkpoint whose background verification has not finished yet (see <c>ModelRegistry.Checkpoints.cs</c>): no
    /// checkpoint is written from this state until it has.
    /// </summary>
    public bool Unconfirmed { get; set; }

    public ModelVersion? FindVersion(int version) =>
        version >= 1 && version <= Versions.Count ? Versions[version - 1] : null;

    public IEnumerable<string> AliasesPointingTo(int version) =>
        AliasTable.Values.Where(a => a.Version == version).Select(a => a.Alias).Order(StringComparer.Ordinal);
}
