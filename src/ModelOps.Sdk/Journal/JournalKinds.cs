using ModelOps.Sdk.Audit;

namespace ModelOps.Sdk.Journal;

/// <summary>The kinds of journal entries the registry writes; each is also the audit entry's operation (<see cref="AuditOperations"/>).</summary>
internal static class JournalKinds
{
    public const string VersionRegistered = AuditOperations.VersionRegistered;
    public const string TagsUpdated = AuditOperations.TagsUpdated;
    public const string DescriptionUpdated = AuditOperations.DescriptionUpdated;
    public const string StatusChanged = AuditOperations.StatusChanged;
    public const string AliasMoved = AuditOperations.AliasMoved;
    public const string AliasRolledBack = AuditOperations.AliasRolledBack;
    public const string AliasDeleted = AuditOperations.AliasDeleted;
    public const string DocumentAttached = AuditOperations.DocumentAttached;
    public const string VersionPurged = AuditOperations.VersionPurged;
    public const string DocumentPurged = AuditOperations.DocumentPurged;
    public const string OperationRefused = AuditOperations.OperationRefused;
    public const string ArtifactsCollected = AuditOperations.ArtifactsCollected;
}
