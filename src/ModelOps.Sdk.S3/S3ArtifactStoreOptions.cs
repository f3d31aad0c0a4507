using ModelOps.Sdk.Configuration;
using Polly;

namespace ModelOps.Sdk.Storage.S3;

/// <summary>
/// Settings of <see cref="S3ArtifactStore"/>: where the bucket is, how to sign in, how uploads are split, where downloads are cached,
/// and how transient faults are retried. Set them with <c>builder.UseS3(options =&gt; ...)</c> or bind them from configuration
/// (for example the <c>ModelOps:S3</c> section of <c>appsettings.json</c>).
/// </summary>
/// <remarks>
/// The options are validated when the store is created (and at host start when there is a host); every problem is reported at once,
/// naming the property and the value. Secrets (<see cref="SecretAccessKey"/>, <see cref="SessionToken"/>) are never written into a
/// message, a log entry or an exception.
/// </remarks>
[ModelOpsOptionsSection(SectionName)]
public sealed class S3ArtifactStoreOptions
{
    /// <summary>
    /// The configuration section these options bind from, relative to the <c>ModelOps</c> section (<see cref="ModelOpsOptions.SectionName"/>):
    /// <c>ModelOps:S3</c>. <c>services.AddModelOps(configuration.GetSection("ModelOps"))</c> of ModelOps.Sdk.Hosting binds it.
    /// </summary>
    public const string SectionName = "S3";

    /// <summary>The smallest part size S3 accepts for every part of a multipart upload but the last: 5 MiB.</summary>
    public const int MinPartSize = 5 * 1024 * 1024;

    /// <summary>The largest part size this store buffers in memory: 512 MiB.</summary>
    public const int MaxPartSize = 512 * 1024 * 1024;

    /// <summary>
    /// Gets or sets the endpoint of an S3-compatible service (MinIO, Ceph, a local emulator), for example
    /// <c>http://127.0.0.1:9000</c>.
    /// </summary>
    /// <value>
    /// The default value is <see langword="null"/>: Amazon S3 itself, in <see cref="Region"/> (or the region of the standard AWS
    /// configuration: the <c>AWS_REGION</c> environment variable or the shared config file).
    /// </value>
    public string? ServiceUrl { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether requests address the bucket in the path (<c>http://host/bucket/key</c>) instead of
    /// the host name (<c>http://bucket.host/key</c>). Most self-hosted S3-compatible services need <see langword="true"/>.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool ForcePathStyle { get; set; }

    /// <summary>Gets or sets the bucket that holds the artifacts. The bucket must exist; the store does not create it.</summary>
    /// <value>The default value is <see langword="null"/>; it is required.</value>
    public string? BucketName { get; set; }

    /// <summary>
    /// Gets or sets the key prefix under which the store keeps its objects: content under <c>&lt;prefix&gt;/blobs/sha256/&lt;hash&gt;</c>,
    /// uploads in progress under <c>&lt;prefix&gt;/staging/</c>. Several registries can share a bucket with different prefixes.
    /// </summary>
    /// <value>
    /// The default value is <c>modelops</c>. An empty string puts the objects at the root of the bucket. Segments are separated by
    /// <c>/</c>, with no leading, trailing or doubled <c>/</c>, and contain only letters, digits and <c>!-_.*'()</c>.
    /// </value>
    public string KeyPrefix { get; set; } = "modelops";

    /// <summary>Gets or sets the AWS region, for example <c>eu-west-1</c>.</summary>
    /// <value>
    /// The default value is <see langword="null"/>: with <see cref="ServiceUrl"/> set, requests are signed for <c>us-east-1</c>
    /// (which S3-compatible services accept); without it, the region comes from the standard AWS configuration.
    /// </value>
    public string? Region { get; set; }

    /// <summary>Gets or sets the access key id of static credentials; set it together with <see cref="SecretAccessKey"/>.</summary>
    /// <value>
    /// The default value is <see langword="null"/>: credentials come from the standard AWS credential chain (environment variables,
    /// the shared credentials file, web identity, container or instance roles).
    /// </value>
    public string? AccessKeyId { get; set; }

    /// <summary>Gets or sets the secret access key of static credentials. Never logged. Prefer the credential chain in production.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? SecretAccessKey { get; set; }

    /// <summary>Gets or sets the session token of temporary static credentials, if any. Never logged.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? SessionToken { get; set; }

    /// <summary>
    /// Gets or sets the size of one part of a multipart upload, which is also the size of the one buffer an upload holds in memory
    /// and of one ranged read when a download is cached.
    /// </summary>
    /// <value>
    /// The default value is 8 MiB. It must be between <see cref="MinPartSize"/> (S3's minimum) and <see cref="MaxPartSize"/>. S3
    /// allows at most 10,000 parts, so the largest artifact is 10,000 times the part size (78 GiB at the default).
    /// </value>
    public int PartSize { get; set; } = 8 * 1024 * 1024;

    /// <summary>
    /// Gets or sets a value indicating whether downloaded artifacts are kept in <see cref="CacheDirectory"/>, so that loading a
    /// version again (in this process or another one on the machine) reads the verified local copy instead of the bucket.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool UseLocalCache { get; set; } = true;

    /// <summary>
    /// Gets or sets the directory of the local download cache. Several processes (and stores of several buckets) may share it: files
    /// are named by their SHA-256, written to a temporary name, verified, and renamed into place.
    /// </summary>
    /// <value>
    /// The default value is <c>ModelOps/s3-cache</c> under the user's local application data folder
    /// (<see cref="Environment.SpecialFolder.LocalApplicationData"/>).
    /// </value>
    public string CacheDirectory { get; set; } = Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
        "ModelOps",
        "s3-cache");

    /// <summary>
    /// Gets or sets the size in bytes the local cache is kept under: after each download into the cache, the least recently used
    /// cached artifacts that no reader has open are deleted until the files in <see cref="CacheDirectory"/> add up to at most this
    /// many bytes. Open artifacts are never evicted, so the cache can exceed the limit while they are open (an artifact larger than
    /// the limit is still cached, and evicted once it is closed and another download needs the room).
    /// </summary>
    /// <value>
    /// The default value is <see langword="null"/>: no limit, nothing is evicted. When set it must be at least 1 byte. Instances
    /// sharing a cache directory should use the same limit; each enforces its own after its downloads.
    /// </value>
    public long? CacheSizeLimit { get; set; }

    /// <summary>
    /// Gets or sets how old a staging object, an unfinished multipart upload or a temporary cache file must be before
    /// <see cref="S3ArtifactStore.DeleteAbandonedUploadsAsync"/> deletes it as abandoned (left by a process that crashed).
    /// </summary>
    /// <value>The default value is 1 day. It must be at least 1 minute, and longer than the slowest upload you expect.</value>
    public TimeSpan StagingRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Gets or sets how long one attempt of one S3 request (one part, one ranged read, one copy) may take before it is abandoned and retried.</summary>
    /// <value>The default value is 2 minutes. It must be between 1 second and 1 hour.</value>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Gets or sets how many times a request that failed with a transient fault (a connection failure, a timeout, HTTP 5xx, 429 or
    /// <c>SlowDown</c>) is retried. The AWS SDK's own retries are turned off, so this is the only retry layer.
    /// </summary>
    /// <value>The default value is 3. It must be between 0 and 20.</value>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>Gets or sets the delay before the first retry; later delays grow according to <see cref="RetryBackoff"/>.</summary>
    /// <value>The default value is 500 milliseconds. It must be between zero and 1 minute.</value>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets or sets how retry delays grow.</summary>
    /// <value>The default value is <see cref="DelayBackoffType.Exponential"/>.</value>
    public DelayBackoffType RetryBackoff { get; set; } = DelayBackoffType.Exponential;

    /// <summary>Gets or sets a value indicating whether retry delays are randomized, so a fleet does not retry in lockstep.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool RetryUseJitter { get; set; } = true;
}
