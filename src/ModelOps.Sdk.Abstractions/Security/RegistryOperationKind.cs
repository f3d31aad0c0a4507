namespace ModelOps.Sdk.Security;

/// <summary>The kinds of change the registry asks its <see cref="IRegistryOperationGuard"/>s about.</summary>
public enum RegistryOperationKind
{
    /// <summary>Registering a new version (<see cref="IModelRegistry.RegisterAsync"/>); the version number is not known yet.</summary>
    Register = 0,

    /// <summary>Changing a version's tags (<see cref="IModelRegistry.UpdateTagsAsync"/>).</summary>
    UpdateTags = 1,

    /// <summary>Changing a version's description (<see cref="IModelRegistry.UpdateDescriptionAsync"/>).</summary>
    UpdateDescription = 2,

    /// <summary>Changing a version's lifecycle status, for example approving or rejecting it (<see cref="IModelRegistry.TransitionAsync"/>).</summary>
    Transition = 3,

    /// <summary>Pointing an alias at a version (<see cref="IModelRegistry.SetAliasAsync"/> and <see cref="IModelRegistry.MoveAliasAsync"/>).</summary>
    MoveAlias = 4,

    /// <summary>Deleting an alias (<see cref="IModelRegistry.DeleteAliasAsync"/>).</summary>
    DeleteAlias = 5,

    /// <summary>Rolling an alias back to its previous eligible version (<see cref="IModelRegistry.RollbackAliasAsync"/>).</summary>
    RollbackAlias = 6,

    /// <summary>Attaching a document to a version, a model or the registry (<see cref="IModelRegistry.AttachDocumentAsync"/>).</summary>
    AttachDocument = 7,

    /// <summary>Purging a version (<see cref="IModelRegistry.PurgeVersionAsync"/>): its metadata stays, its bytes are no longer served.</summary>
    PurgeVersion = 8,

    /// <summary>Purging a document (<see cref="IModelRegistry.PurgeDocumentAsync"/>); <see cref="RegistryOperation.DocumentKind"/> names its kind.</summary>
    PurgeDocument = 9,

    /// <summary>
    /// Deleting unreferenced blobs from the artifact store (<see cref="GarbageCollection.IArtifactCollector.CollectAsync"/>, not a dry
    /// run); <see cref="RegistryOperation.ModelName"/> is <see langword="null"/>.
    /// </summary>
    CollectArtifacts = 10,
}
