namespace ModelOps.Sdk.Storage.S3;

/// <summary>
/// Thrown when an S3 request of <see cref="S3ArtifactStore"/> fails: the service could not be reached or kept failing
/// (<see cref="IsTransient"/> is <see langword="true"/>: try again later), or it refused the request (a missing bucket, denied
/// access: fix the configuration).
/// </summary>
/// <remarks>
/// A registration that fails with this exception has committed nothing: the registry appends a version only after its artifact is
/// stored, so the model's versions are as they were. The message names the operation, the bucket and the object key; it never holds
/// credentials. The original exception (from the AWS SDK or the network stack) is <see cref="Exception.InnerException"/>.
/// </remarks>
public sealed class S3ArtifactStoreException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="S3ArtifactStoreException"/> class.</summary>
    /// <param name="message">What failed and what to do.</param>
    /// <param name="operation">The S3 operation, for example <c>UploadPart</c>.</param>
    /// <param name="bucketName">The bucket.</param>
    /// <param name="key">The object key, or <see langword="null"/> if the operation is not about one object.</param>
    /// <param name="isTransient">Whether the failure is transient (worth retrying later).</param>
    /// <param name="innerException">The cause.</param>
    public S3ArtifactStoreException(string message, string operation, string bucketName, string? key, bool isTransient, Exception? innerException)
        : base(message, innerException)
    {
        Operation = operation;
        BucketName = bucketName;
        Key = key;
        IsTransient = isTransient;
    }

    /// <summary>Gets the S3 operation that failed, for example <c>UploadPart</c> or <c>GetObject</c>.</summary>
    public string Operation { get; }

    /// <summary>Gets the bucket.</summary>
    public string BucketName { get; }

    /// <summary>Gets the object key, or <see langword="null"/> if the operation is not about one object.</summary>
    public string? Key { get; }

    /// <summary>
    /// Gets a value indicating whether the failure is transient: the service was unreachable, timed out or answered with a server
    /// error or throttling on every attempt. Such a call can succeed when tried again later.
    /// </summary>
    public bool IsTransient { get; }
}
