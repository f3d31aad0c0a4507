namespace ModelOps.Sdk;

/// <summary>
/// What happened to an alias.
/// </summary>
public enum AliasChangeKind
{
    /// <summary>The alias was created or moved by a caller. A manual move starts a new rollback chain.</summary>
    Moved = 0,

    /// <summary>The alias was moved back by a rollback.</summary>
    RolledBack = 1,

    /// <summary>The alias was deleted.</summary>
    Deleted = 2,
}
