namespace ModelOps.Sdk;

/// <summary>
/// A model's state as a purge commits, shown to a <see cref="VersionPurgeCondition"/>: what the registry would append the purge
/// to. The lists are views of the registry's state, valid only during <see cref="VersionPurgeCondition.FindKeepReason"/>.
/// </summary>
public sealed class VersionPurgeContext
{
    /// <summary>Gets the model.</summary>
    public required string ModelName { get; init; }

    /// <summary>Gets the version to be purged.</summary>
    public required ModelVersion Version { get; init; }

    /// <summary>Gets the time the purge's audit entry will carry.</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>Gets every version of the model, purged ones included, by number (index 0 holds version 1).</summary>
    public required IReadOnlyList<ModelVersion> Versions { get; init; }

    /// <summary>Gets the aliases that exist now.</summary>
    public required IReadOnlyList<ModelAlias> Aliases { get; init; }

    /// <summary>Gets every change of every alias of the model, deleted aliases included, oldest first within each alias.</summary>
    public required IReadOnlyList<AliasChange> AliasHistory { get; init; }

    /// <summary>Gets the model's documents (every revision, purged ones included, with metadata only).</summary>
    public required IReadOnlyList<ModelDocument> Documents { get; init; }
}
