namespace ModelOps.Sdk.GarbageCollection;

/// <summary>Why a garbage collection deletes something.</summary>
public enum CollectionReason
{
    /// <summary>No version or document ever referenced the blob: a refused or failed registration, or content written by other means.</summary>
    NeverReferenced = 0,

    /// <summary>Only purged versions and documents reference the blob.</summary>
    OnlyPurgedReferences = 1,

    /// <summary>An upload that was never committed (its process died): a temporary file, an unfinished multipart upload, a staging object.</summary>
    AbandonedUpload = 2,
}
