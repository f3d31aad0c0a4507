namespace ModelOps.Sdk;

/// <summary>
/// Thrown when garbage collection is asked of a registry whose artifact store cannot list and delete its content (it does not
/// implement <see cref="Storage.ICollectableArtifactStore"/>). Nothing was deleted.
/// </summary>
public sealed class ArtifactCollectionUnsupportedException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="ArtifactCollectionUnsupportedException"/> class.</summary>
    /// <param name="storeType">The artifact store's type name.</param>
    public ArtifactCollectionUnsupportedException(string storeType)
        : base($"The artifact store ({storeType}) cannot be garbage collected: it does not implement ICollectableArtifactStore, so it "
            + "can neither list nor delete what it stores. Nothing was deleted; free its space with the store's own tools.")
    {
        StoreType = storeType;
    }

    /// <summary>Gets the artifact store's type name.</summary>
    public string StoreType { get; }
}
