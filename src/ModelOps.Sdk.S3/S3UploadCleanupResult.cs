namespace ModelOps.Sdk.Storage.S3;

/// <summary>What <see cref="S3ArtifactStore.DeleteAbandonedUploadsAsync"/> removed.</summary>
/// <param name="AbortedMultipartUploads">The unfinished multipart uploads that were aborted (their parts deleted).</param>
/// <param name="DeletedStagingObjects">The completed staging objects that were deleted.</param>
/// <param name="DeletedCacheFiles">The temporary files of interrupted downloads deleted from the local cache.</param>
public sealed record S3UploadCleanupResult(int AbortedMultipartUploads, int DeletedStagingObjects, int DeletedCacheFiles);
