namespace ModelOps.Sdk.Journal;

/// <summary>The kinds of journal entries the registry writes; each is also the audit entry's operation.</summary>
internal static class JournalKinds
{
    public const string VersionRegistered = "version.registered";
    public const string TagsUpdated = "version.tags-updated";
    public const string DescriptionUpdated = "version.description-updated";
    public const string StatusChanged = "version.status-changed";
    public const string AliasMoved = "alias.moved";
    public const string AliasRolledBack = "alias.rolled-back";
    public const string AliasDeleted = "alias.deleted";
    public const string DocumentAttached = "document.attached";
    public const string OperationRefused = "operation.refused";
}
