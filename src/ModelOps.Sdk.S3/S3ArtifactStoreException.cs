namespace ModelOps.Sdk.Storage.S3;

/// <summary>
/// Thrown when the S3 service refused a request of <see cref="S3ArtifactStore"/> (a missing bucket, denied access, a rejected
/// signature) or the request cannot be made at all (no region, an artifact beyond S3's part limit): a problem of configuration that
/// retrying does not fix.
/// </summary>
/// <remarks>
/// <para>
/// A service that cannot be reached, times out or keeps answering with server errors or throttling is a transient fault: after the
/// configured retries it surfaces as <see cref="StorageUnavailableException"/>, the type every storage provider uses for it, so a
/// host handles one exception type for PostgreSQL and S3 alike.
/// </para>
/// <para>
/// A registration that fails with this exception has committed nothing: the registry appends a version only after its artifact is
/// stored, so the model's versions are as they were. The message names the operation, the bucket and the object key; it never holds
/// credentials. The original exception (from the AWS SDK) is <see cref="Exception.InnerException"/>, except for a
/// <c>SignatureDoesNotMatch</c> error, whose message can echo the signed request and is therefore dropped.
/// </para>
/// </remarks>
public sealed class S3ArtifactStoreException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="S3ArtifactStoreException"/> class.</summary>
    /// <param name="message">What failed and what to do.</param>
    /// <param name="operation">The S3 operation, for example <c>UploadPart</c>.</param>
    /// <param name="bucketName">The bucket.</param>
    /// <param name="key">The object key, or <see langword="null"/> if the operation is not about one object.</param>
    /// <param name="innerException">The cause.</param>
    public S3ArtifactStoreException(string message, string operation, string bucketName, string? key, Exception? innerException)
        : base(message, innerException)
    {
        Operation = operation;
        BucketName = bucketName;
        Key = key;
    }

    /// <summary>Gets the S3 operation that failed, for example <c>UploadPart</c> or <c>GetObject</c>.</summary>
    public string Operation { get; }

    /// <summary>Gets the bucket.</summary>
    public string BucketName { get; }

    /// <summary>Gets the object key, or <see langword="null"/> if the operation is not about one object.</summary>
    public string? Key { get; }
}
