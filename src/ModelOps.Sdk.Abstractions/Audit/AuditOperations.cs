namespace ModelOps.Sdk.Audit;

/// <summary>
/// The operations the registry records in <see cref="AuditEntry.Operation"/>. They are part of the audit format: stable across
/// versions, and the same in every storage provider.
/// </summary>
public static class AuditOperations
{
    /// <summary>A version was registered.</summary>
    public const string VersionRegistered = "version.registered";

    /// <summary>A version's tags changed.</summary>
    public const string TagsUpdated = "version.tags-updated";

    /// <summary>A version's description changed.</summary>
    public const string DescriptionUpdated = "version.description-updated";

    /// <summary>A version's lifecycle status changed.</summary>
    public const string StatusChanged = "version.status-changed";

    /// <summary>An alias was set or moved.</summary>
    public const string AliasMoved = "alias.moved";

    /// <summary>An alias was rolled back to its previous eligible version.</summary>
    public const string AliasRolledBack = "alias.rolled-back";

    /// <summary>An alias was deleted.</summary>
    public const string AliasDeleted = "alias.deleted";

    /// <summary>A document was attached to a version, a model or the registry.</summary>
    public const string DocumentAttached = "document.attached";

    /// <summary>A version was purged: its metadata, hashes and audit trail stay, its bytes are no longer served.</summary>
    public const string VersionPurged = "version.purged";

    /// <summary>A document was purged: its metadata and hash stay, its content is no longer served.</summary>
    public const string DocumentPurged = "document.purged";

    /// <summary>A change was refused by an operation guard.</summary>
    public const string OperationRefused = "operation.refused";

    /// <summary>Unreferenced blobs were deleted from the artifact store (in the registry's chain: the count and the bytes freed).</summary>
    public const string ArtifactsCollected = "artifacts.collected";
}
