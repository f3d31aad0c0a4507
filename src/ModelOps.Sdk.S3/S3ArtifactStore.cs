using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ModelOps.Sdk.Storage.S3;

/// <summary>
/// Stores artifact bytes in an S3-compatible bucket (Amazon S3, MinIO, Ceph, ...), as objects named by their SHA-256 under
/// <c>&lt;prefix&gt;/blobs/sha256/&lt;64 hex&gt;</c>, and keeps a hash-verified local cache of what it downloads.
/// </summary>
/// <remarks>
/// <para>
/// <b>Uploads.</b> Bytes are streamed: the upload holds one part buffer (<see cref="S3ArtifactStoreOptions.PartSize"/>, from the
/// shared array pool) and hashes the bytes as they are written. Content that fits in one part is sent with one <c>PutObject</c>
/// straight to its content key at commit, after its hash is checked, so nothing unverified is ever visible under a hash. Larger
/// content goes to a multipart upload of a staging key (<c>&lt;prefix&gt;/staging/...</c>), because its hash is known only at the end;
/// on commit the multipart upload is completed, the staging object is copied on the server to its content key (<c>CopyObject</c>,
/// or <c>UploadPartCopy</c> above 5 GiB) and then deleted. Content already stored is written again (the same bytes), which refreshes its
/// last-modified time for garbage collection. Disposing an upload
/// that was not committed aborts its multipart upload or deletes its staging object, so a failed or cancelled registration leaves
/// nothing that metadata points to (the registry appends a version only after the commit returned). Leftovers of a process that
/// crashed are removed by <see cref="DeleteAbandonedUploadsAsync"/> (or a bucket lifecycle rule).
/// </para>
/// <para>
/// <b>Reads.</b> With <see cref="S3ArtifactStoreOptions.UseLocalCache"/> (the default), <see cref="OpenReadAsync"/> serves an
/// artifact from the local cache after re-hashing the cached file; a corrupt cached file is deleted and downloaded again. A download
/// is read in ranges of one part size into a temporary file while hashed, and renamed into the cache only when the hash matches, so
/// a tampered object raises <see cref="ArtifactIntegrityException"/> and never reaches the cache or a loader. Without the cache the
/// object is streamed as it is, and the registry's verifying stream checks it. With
/// <see cref="S3ArtifactStoreOptions.CacheSizeLimit"/>, each download is followed by the eviction of the least recently used cached
/// artifacts that no reader in any process has open, until the cache fits the limit.
/// </para>
/// <para>
/// <b>Faults.</b> Every request runs with a timeout per attempt and retries of transient faults (see
/// <see cref="S3ArtifactStoreOptions.MaxRetryAttempts"/>). A transient fault that outlasts the retries is thrown as
/// <see cref="StorageUnavailableException"/> (as by every storage provider), whose <see cref="StorageUnavailableException.Location"/>
/// names the endpoint, bucket and prefix; a refusal (a missing bucket, denied access) as <see cref="S3ArtifactStoreException"/>.
/// </para>
/// <para>
/// <b>Garbage collection</b> (<see cref="ICollectableArtifactStore"/>). Blobs are listed with <c>ListObjectsV2</c> and their
/// last-modified time is the server's. S3 has no conditional delete of general-purpose objects, so
/// <see cref="DeleteIfNotModifiedSinceAsync"/> writes a marker object (<c>&lt;prefix&gt;/collecting/&lt;hash&gt;</c>), reads the object's
/// last-modified time (<c>HeadObject</c>), deletes it within one <see cref="S3ArtifactStoreOptions.AttemptTimeout"/> of the marker, and
/// removes the marker. A commit of the same content, after publishing it, waits while a marker is there (at most twice the attempt
/// timeout and five seconds), then checks that its content is still stored and publishes it again if not: a registration never
/// appends metadata for content a collector deleted under it. docs/retention.md states the guarantee. The local cache's copy of a
/// deleted blob is deleted too; other instances' caches keep theirs
/// until evicted.
/// </para>
/// <para>This type is thread-safe, and any number of processes may share a bucket, a prefix and a cache directory.</para>
/// </remarks>
public sealed class S3ArtifactStore : IArtifactStore, ICollectableArtifactStore, IDisposable
{
    /// <summary>The largest object <c>CopyObject</c> copies in one request (5 GiB); larger ones are copied part by part.</summary>
    private const long MaxSingleCopySize = 5L * 1024 * 1024 * 1024;

    private const int MaxParts = 10_000;

    /// <summary>The start time in a staging key's name, <c>yyyyMMddTHHmmssZ</c> (16 characters).</summary>
    private const string StagingTimestampFormat = "yyyyMMdd'T'HHmmss'Z'";

    private const int StagingTimestampLength = 16;

    /// <summary>Separates a multipart upload's key from its upload id in <see cref="AbandonedUpload.Name"/>.</summary>
    private const string UploadIdSeparator = "#";
    private static readonly SearchValues<char> LowercaseHex = SearchValues.Create("0123456789abcdef");

    private readonly IAmazonS3 _client;
    private readonly bool _ownsClient;
    private readonly S3ArtifactStoreOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly LocalArtifactCache? _cache;
    private readonly string _blobPrefix;
    private readonly string _stagingPrefix;
    private readonly string _collectingPrefix;

    /// <summary>How often a commit looks again at a collection marker on its content.</summary>
    private static readonly TimeSpan CollectionMarkerPoll = TimeSpan.FromMilliseconds(50);
    private readonly ConcurrentDictionary<string, byte> _activeStagingKeys = new(StringComparer.Ordinal);

    /// <summary>
    /// Initializes a new instance of the <see cref="S3ArtifactStore"/> class with a client built from the options: their endpoint,
    /// region and credentials (or the standard AWS credential chain), with the SDK's own retries turned off.
    /// </summary>
    /// <param name="options">The settings.</param>
    /// <param name="timeProvider">The clock for retry delays, timeouts and the age of abandoned uploads; <see cref="TimeProvider.System"/> if <see langword="null"/>.</param>
    /// <param name="logger">The logger; none if <see langword="null"/>.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException"><paramref name="options"/> are invalid.</exception>
    /// <exception cref="S3ArtifactStoreException">No client can be built: for example no region is configured anywhere.</exception>
    public S3ArtifactStore(S3ArtifactStoreOptions options, TimeProvider? timeProvider, ILogger<S3ArtifactStore>? logger)
        : this(options, CreateClient(options), ownsClient: true, timeProvider, logger)
    {
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="S3ArtifactStore"/> class with a client built from the options, the system clock
    /// and no logging.
    /// </summary>
    /// <param name="options">The settings.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException"><paramref name="options"/> are invalid.</exception>
    public S3ArtifactStore(S3ArtifactStoreOptions options)
        : this(options, timeProvider: null, logger: null)
    {
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="S3ArtifactStore"/> class over a client you configured yourself (for example
    /// one from <c>AWSSDK.Extensions.NETCore.Setup</c>). The client's endpoint, region and credentials are used as they are;
    /// <see cref="S3ArtifactStoreOptions.ServiceUrl"/>, <see cref="S3ArtifactStoreOptions.Region"/> and the credential options are ignored.
    /// </summary>
    /// <param name="options">The settings.</param>
    /// <param name="client">The client; the store does not dispose it. Turn its own retries off (<c>MaxErrorRetry = 0</c>), or they multiply with the store's.</param>
    /// <param name="timeProvider">The clock for retry delays, timeouts and the age of abandoned uploads; <see cref="TimeProvider.System"/> if <see langword="null"/>.</param>
    /// <param name="logger">The logger; none if <see langword="null"/>.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException"><paramref name="options"/> are invalid.</exception>
    public S3ArtifactStore(S3ArtifactStoreOptions options, IAmazonS3 client, TimeProvider? timeProvider, ILogger<S3ArtifactStore>? logger)
        : this(options, client ?? throw new ArgumentNullException(nameof(client)), ownsClient: false, timeProvider, logger)
    {
    }

    private S3ArtifactStore(S3ArtifactStoreOptions options, IAmazonS3 client, bool ownsClient, TimeProvider? timeProvider, ILogger? logger)
    {
        S3ArtifactStoreOptionsValidator.ThrowIfInvalid(options);
        _client = client;
        _ownsClient = ownsClient;
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        BucketName = options.BucketName!;
        KeyPrefix = options.KeyPrefix;
        string root = KeyPrefix.Length == 0 ? string.Empty : KeyPrefix + "/";
        _blobPrefix = root + "blobs/sha256/";
        _stagingPrefix = root + "staging/";
        _collectingPrefix = root + "collecting/";
        Location = DescribeLocation(options);
        Runner = new S3RequestRunner(options, DescribeEndpoint(options), Location, _timeProvider, _logger);
        _cache = options.UseLocalCache ? new LocalArtifactCache(options.CacheDirectory, options.CacheSizeLimit, _timeProvider) : null;
    }

    /// <summary>Gets the bucket that holds the artifacts.</summary>
    public string BucketName { get; }

    /// <summary>Gets the key prefix under which the store keeps its objects (empty for the root of the bucket).</summary>
    public string KeyPrefix { get; }

    /// <summary>
    /// Gets where the store keeps its objects, for messages and logs: the endpoint (scheme, host and port), the bucket and the key
    /// prefix, never credentials; the same text as <see cref="StorageUnavailableException.Location"/> when the service is unreachable.
    /// </summary>
    public string Location { get; }

    /// <summary>Gets the size above which a staging object is copied to its content key part by part; S3's limit for one copy is 5 GiB.</summary>
    internal long MultipartCopyThreshold { get; set; } = MaxSingleCopySize;

    /// <summary>Gets the size of one part of a multipart copy.</summary>
    internal long CopyPartSize { get; set; } = 512L * 1024 * 1024;

    internal S3RequestRunner Runner { get; }

    internal IAmazonS3 Client => _client;

    internal S3ArtifactStoreOptions Options => _options;

    internal ILogger Logger => _logger;

    internal TimeProvider TimeProvider => _timeProvider;

    /// <summary>Gets the object key under which content with a hash is stored: <c>&lt;prefix&gt;/blobs/sha256/&lt;hash&gt;</c>.</summary>
    /// <param name="sha256">The content's lowercase hexadecimal SHA-256.</param>
    /// <returns>The object key.</returns>
    /// <exception cref="ArgumentException"><paramref name="sha256"/> is not 64 lowercase hexadecimal characters.</exception>
    public string GetContentKey(string sha256)
    {
        ThrowIfNotSha256(sha256, nameof(sha256));
        return _blobPrefix + sha256;
    }

    /// <summary>Gets the local path where the cache keeps content with a hash, or <see langword="null"/> when the cache is off.</summary>
    /// <param name="sha256">The content's lowercase hexadecimal SHA-256.</param>
    /// <returns>The path (the file may not exist), or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="sha256"/> is not 64 lowercase hexadecimal characters.</exception>
    public string? GetCachePath(string sha256)
    {
        ThrowIfNotSha256(sha256, nameof(sha256));
        return _cache?.PathOf(sha256);
    }

    /// <inheritdoc />
    /// <remarks>
    /// No request is made until a part is full or the upload is committed. Disposing the upload without committing aborts its
    /// multipart upload; nothing is ever visible under a content key before <see cref="IArtifactUpload.CommitAsync"/> returns.
    /// </remarks>
    public ValueTask<IArtifactUpload> BeginUploadAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        string stagingKey = string.Create(
            CultureInfo.InvariantCulture,
            $"{_stagingPrefix}{_timeProvider.GetUtcNow().ToString(StagingTimestampFormat, CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}");
        return ValueTask.FromResult<IArtifactUpload>(new S3ArtifactUpload(this, stagingKey));
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="sha256"/> is not 64 lowercase hexadecimal characters.</exception>
    /// <exception cref="ArtifactIntegrityException">The object's bytes do not hash to <paramref name="sha256"/> (checked while downloading into the cache).</exception>
    /// <exception cref="StorageUnavailableException">The service could not be reached, timed out or kept failing on every attempt.</exception>
    /// <exception cref="S3ArtifactStoreException">The service refused the request.</exception>
    public async ValueTask<Stream?> OpenReadAsync(string sha256, CancellationToken cancellationToken = default)
    {
        string key = GetContentKey(sha256);
        if (_cache is null)
        {
            return await Runner.RunAsync(
                "GetObject",
                key,
                (Client: _client, Bucket: BucketName, Key: key),
                static async (state, token) =>
                {
                    try
                    {
                        GetObjectResponse response = await state.Client.GetObjectAsync(state.Bucket, state.Key, token).ConfigureAwait(false);
                        return (Stream?)response.ResponseStream;
                    }
                    catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
                    {
                        return null;
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }

        (Stream? cached, string? corruptHash) = await _cache.TryOpenVerifiedAsync(sha256, cancellationToken).ConfigureAwait(false);
        if (cached is not null)
        {
            return cached;
        }

        if (corruptHash is not null)
        {
            S3StorageLog.CorruptCacheFile(_logger, sha256, _cache.PathOf(sha256), corruptHash);
        }

        return await DownloadToCacheAsync(_cache, sha256, key, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="sha256"/> is not 64 lowercase hexadecimal characters.</exception>
    /// <exception cref="StorageUnavailableException">The service could not be reached, timed out or kept failing on every attempt.</exception>
    /// <exception cref="S3ArtifactStoreException">The service refused the request.</exception>
    public async ValueTask<bool> ExistsAsync(string sha256, CancellationToken cancellationToken = default) =>
        await GetObjectLengthAsync(GetContentKey(sha256), cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>
    /// Removes what uploads of crashed processes left behind: multipart uploads under the key prefix and staging objects older than
    /// <see cref="S3ArtifactStoreOptions.StagingRetention"/>, and temporary files of interrupted downloads in the local cache.
    /// Uploads in progress in this store are never touched.
    /// </summary>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>What was removed.</returns>
    /// <exception cref="StorageUnavailableException">The service could not be reached, timed out or kept failing on every attempt.</exception>
    /// <exception cref="S3ArtifactStoreException">The service refused a request.</exception>
    /// <remarks>
    /// Run it now and then from one instance (a scheduled job, or at start), or instead configure a bucket lifecycle rule that
    /// aborts incomplete multipart uploads and expires objects under <c>&lt;prefix&gt;/staging/</c> after a day. Ages are measured
    /// against the server's timestamps, so keep the retention well above any clock skew.
    /// </remarks>
    public async Task<S3UploadCleanupResult> DeleteAbandonedUploadsAsync(CancellationToken cancellationToken = default)
    {
        DateTimeOffset cutoff = _timeProvider.GetUtcNow() - _options.StagingRetention;
        int aborted = 0;
        int deleted = 0;
        await foreach (AbandonedUpload upload in ListAbandonedUploadsAsync(cutoff, cancellationToken).ConfigureAwait(false))
        {
            if (await DeleteAbandonedUploadAsync(upload, cancellationToken).ConfigureAwait(false))
            {
                if (upload.Name.Contains(UploadIdSeparator, StringComparison.Ordinal))
                {
                    aborted++;
                }
                else
                {
                    deleted++;
                }
            }
        }

        int cacheFiles = _cache?.DeleteTemporaryFilesOlderThan(cutoff) ?? 0;
        S3StorageLog.CleanedUp(_logger, KeyPrefix, aborted, deleted, cacheFiles);
        return new S3UploadCleanupResult(aborted, deleted, cacheFiles);
    }

    /// <inheritdoc />
    /// <exception cref="StorageUnavailableException">The service could not be reached, timed out or kept failing on every attempt.</exception>
    /// <exception cref="S3ArtifactStoreException">The service refused the request.</exception>
    public async IAsyncEnumerable<StoredArtifact> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (S3Object item in ListObjectsAsync(_blobPrefix, cancellationToken).ConfigureAwait(false))
        {
            string name = item.Key[_blobPrefix.Length..];
            if (name.Length == 64 && !name.AsSpan().ContainsAnyExcept(LowercaseHex) && item.LastModified is { } lastModified)
            {
                yield return new StoredArtifact(name, item.Size ?? 0, ServerTime(lastModified));
            }
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="sha256"/> is not 64 lowercase hexadecimal characters.</exception>
    /// <exception cref="StorageUnavailableException">The service could not be reached, timed out or kept failing on every attempt.</exception>
    /// <exception cref="S3ArtifactStoreException">The service refused the request.</exception>
    public async ValueTask<bool> DeleteIfNotModifiedSinceAsync(string sha256, DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        string key = GetContentKey(sha256);
        string marker = GetCollectionMarkerKey(sha256);

        // The marker first, then the age, then the deletion, all within one attempt timeout of placing the marker: a commit that
        // published this content after the age was read sees the marker, waits for it to go and publishes again if the content was
        // deleted (see CommitPublishedAsync). Timed from before the marker is written, on this process's clock.
        long markedFrom = _timeProvider.GetTimestamp();
        await PutEmptyObjectAsync(marker, cancellationToken).ConfigureAwait(false);
        try
        {
            DateTimeOffset? lastModified = (await GetObjectMetadataAsync(key, cancellationToken).ConfigureAwait(false))?.LastModified;
            if (lastModified is not { } modified || modified >= cutoff)
            {
                return false;
            }

            bool deleted = await Runner.RunAsync(
                "DeleteObject",
                key,
                (Store: this, Key: key, MarkedFrom: markedFrom),
                static async (state, token) =>
                {
                    // Checked before every attempt: past the deadline a committing registration may have stopped waiting.
                    if (state.Store._timeProvider.GetElapsedTime(state.MarkedFrom) >= state.Store._options.AttemptTimeout)
                    {
                        return false;
                    }

                    await state.Store._client.DeleteObjectAsync(state.Store.BucketName, state.Key, token).ConfigureAwait(false);
                    return true;
                },
                cancellationToken).ConfigureAwait(false);
            if (!deleted)
            {
                S3StorageLog.CollectionTooSlow(_logger, sha256, _options.AttemptTimeout);
                return false;
            }
        }
        finally
        {
            await TryDeleteObjectAsync(marker).ConfigureAwait(false);
        }

        if (_cache?.PathOf(sha256) is { } cached)
        {
            LocalArtifactCache.TryDelete(cached);
        }

        return true;
    }

    /// <summary>
    /// Gets how long a commit waits for a collection marker on its content to go before taking it for the marker of a collector that
    /// stopped: twice <see cref="S3ArtifactStoreOptions.AttemptTimeout"/> (a collector sends its last deletion attempt within one
    /// attempt timeout of placing the marker, and that attempt lasts at most another) and a few seconds for clock rates.
    /// </summary>
    internal TimeSpan CollectionMarkerPatience => (2 * _options.AttemptTimeout) + TimeSpan.FromSeconds(5);

    /// <summary>Gets the key of the marker a collector places while it deletes content: <c>&lt;prefix&gt;/collecting/&lt;hash&gt;</c>.</summary>
    internal string GetCollectionMarkerKey(string sha256) => _collectingPrefix + sha256;

    /// <summary>
    /// Called by a commit after it published content (and before the registration appends its metadata): waits while a collector
    /// holds a marker on the content, then checks that the content is still stored and publishes it again (<paramref name="publish"/>)
    /// if a collector deleted it after reading its age. Without a marker this is two <c>HeadObject</c> requests.
    /// </summary>
    internal async ValueTask CommitPublishedAsync(string sha256, Func<CancellationToken, ValueTask> publish, CancellationToken cancellationToken)
    {
        string key = GetContentKey(sha256);
        string marker = GetCollectionMarkerKey(sha256);
        while (true)
        {
            if (await GetObjectMetadataAsync(marker, cancellationToken).ConfigureAwait(false) is not null)
            {
                long seenAt = _timeProvider.GetTimestamp();
                S3StorageLog.WaitingForCollection(_logger, sha256);
                while (_timeProvider.GetElapsedTime(seenAt) < CollectionMarkerPatience
                    && await GetObjectMetadataAsync(marker, cancellationToken).ConfigureAwait(false) is not null)
                {
                    await Task.Delay(CollectionMarkerPoll, _timeProvider, cancellationToken).ConfigureAwait(false);
                }
            }

            if (await GetObjectLengthAsync(key, cancellationToken).ConfigureAwait(false) is not null)
            {
                return;
            }

            // A collector deleted the content after reading its age, as this commit refreshed it: published again, then checked
            // again, since another collection may have marked it meanwhile.
            S3StorageLog.RepublishedAfterCollection(_logger, sha256);
            await publish(cancellationToken).ConfigureAwait(false);
        }
    }

    private ValueTask PutEmptyObjectAsync(string key, CancellationToken cancellationToken) => PutObjectAsync(key, null, 0, cancellationToken);

    /// <summary>Writes an object of the first <paramref name="count"/> bytes of <paramref name="buffer"/> (empty when it is <see langword="null"/>) in one <c>PutObject</c>.</summary>
    internal async ValueTask PutObjectAsync(string key, byte[]? buffer, int count, CancellationToken cancellationToken) =>
        await Runner.RunAsync(
            "PutObject",
            key,
            (Client: _client, Bucket: BucketName, Key: key, Buffer: buffer, Count: count),
            static async (state, token) =>
            {
                using var body = state.Buffer is null ? new MemoryStream([], writable: false) : new MemoryStream(state.Buffer, 0, state.Count, writable: false);
                return await state.Client.PutObjectAsync(
                    new PutObjectRequest { BucketName = state.Bucket, Key = state.Key, InputStream = body, AutoCloseStream = false },
                    token).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    /// <remarks>
    /// Multipart uploads under the key prefix (named <c>&lt;key&gt;#&lt;upload id&gt;</c>, their length 0) and staging objects, started
    /// before the cutoff by the time in the staging key's name or else the server's. Uploads in progress in this store are never listed.
    /// </remarks>
    /// <exception cref="StorageUnavailableException">The service could not be reached, timed out or kept failing on every attempt.</exception>
    /// <exception cref="S3ArtifactStoreException">The service refused the request.</exception>
    public async IAsyncEnumerable<AbandonedUpload> ListAbandonedUploadsAsync(DateTimeOffset cutoff, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? keyMarker = null;
        string? uploadIdMarker = null;
        while (true)
        {
            ListMultipartUploadsResponse page = await Runner.RunAsync(
                "ListMultipartUploads",
                _stagingPrefix,
                (Client: _client, Bucket: BucketName, Prefix: KeyPrefix.Length == 0 ? string.Empty : KeyPrefix + "/", KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker),
                static async (state, token) => await state.Client.ListMultipartUploadsAsync(
                    new ListMultipartUploadsRequest
                    {
                        BucketName = state.Bucket,
                        Prefix = state.Prefix,
                        KeyMarker = state.KeyMarker,
                        UploadIdMarker = state.UploadIdMarker,
                    },
                    token).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);

            foreach (MultipartUpload upload in page.MultipartUploads ?? [])
            {
                bool ours = upload.Key.StartsWith(_stagingPrefix, StringComparison.Ordinal) || upload.Key.StartsWith(_blobPrefix, StringComparison.Ordinal);
                if (ours
                    && !_activeStagingKeys.ContainsKey(upload.Key)
                    && StartedAt(upload.Key, upload.Initiated) is { } started
                    && started < cutoff)
                {
                    yield return new AbandonedUpload(upload.Key + UploadIdSeparator + upload.UploadId, 0, started);
                }
            }

            if (page.IsTruncated != true)
            {
                break;
            }

            keyMarker = page.NextKeyMarker;
            uploadIdMarker = page.NextUploadIdMarker;
        }

        await foreach (S3Object item in ListObjectsAsync(_stagingPrefix, cancellationToken).ConfigureAwait(false))
        {
            if (!_activeStagingKeys.ContainsKey(item.Key)
                && StartedAt(item.Key, item.LastModified) is { } started
                && started < cutoff)
            {
                yield return new AbandonedUpload(item.Key, item.Size ?? 0, started);
            }
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="upload"/> does not name an upload under this store's prefix.</exception>
    /// <exception cref="StorageUnavailableException">The service could not be reached, timed out or kept failing on every attempt.</exception>
    /// <exception cref="S3ArtifactStoreException">The service refused the request.</exception>
    public async ValueTask<bool> DeleteAbandonedUploadAsync(AbandonedUpload upload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upload);
        int separator = upload.Name.IndexOf(UploadIdSeparator, StringComparison.Ordinal);
        string key = separator < 0 ? upload.Name : upload.Name[..separator];
        if (!key.StartsWith(_stagingPrefix, StringComparison.Ordinal) && !(separator >= 0 && key.StartsWith(_blobPrefix, StringComparison.Ordinal)))
        {
            throw new ArgumentException($"'{upload.Name}' is not an upload under this store's prefix '{KeyPrefix}'.", nameof(upload));
        }

        if (_activeStagingKeys.ContainsKey(key))
        {
            return false;
        }

        if (separator < 0)
        {
            await DeleteObjectAsync(key, cancellationToken).ConfigureAwait(false);
            return true;
        }

        try
        {
            await Runner.RunAsync(
                "AbortMultipartUpload",
                key,
                (Client: _client, Bucket: BucketName, Key: key, UploadId: upload.Name[(separator + UploadIdSeparator.Length)..]),
                static async (state, token) => await state.Client.AbortMultipartUploadAsync(state.Bucket, state.Key, state.UploadId, token).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (S3ArtifactStoreException exception) when (exception.InnerException is AmazonS3Exception { StatusCode: HttpStatusCode.NotFound })
        {
            return false;
        }
    }

    /// <summary>Releases the S3 client if the store created it.</summary>
    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    internal static void ThrowIfNotSha256(string sha256, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(sha256, parameterName);
        if (sha256.Length != 64 || sha256.AsSpan().ContainsAnyExcept(LowercaseHex))
        {
            throw new ArgumentException(
                $"'{sha256}' is not a SHA-256 in lowercase hexadecimal: it must be exactly 64 characters from 0-9 and a-f.",
                parameterName);
        }
    }

    internal void TrackStaging(string stagingKey) => _activeStagingKeys.TryAdd(stagingKey, 0);

    internal void ForgetStaging(string stagingKey) => _activeStagingKeys.TryRemove(stagingKey, out _);

    /// <summary>Returns the object's length, or <see langword="null"/> if there is no such object.</summary>
    internal async ValueTask<long?> GetObjectLengthAsync(string key, CancellationToken cancellationToken) =>
        (await GetObjectMetadataAsync(key, cancellationToken).ConfigureAwait(false))?.Length;

    /// <summary>Returns the object's length and last-modified time (by the server's clock), or <see langword="null"/> if there is no such object.</summary>
    private ValueTask<(long Length, DateTimeOffset? LastModified)?> GetObjectMetadataAsync(string key, CancellationToken cancellationToken) =>
        Runner.RunAsync(
            "HeadObject",
            key,
            (Client: _client, Bucket: BucketName, Key: key),
            static async (state, token) =>
            {
                try
                {
                    GetObjectMetadataResponse response = await state.Client.GetObjectMetadataAsync(state.Bucket, state.Key, token).ConfigureAwait(false);
                    return ((long Length, DateTimeOffset? LastModified)?)(response.ContentLength, response.LastModified is { } time ? ServerTime(time) : null);
                }
                catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
                {
                    return null;
                }
            },
            cancellationToken);

    /// <summary>Copies a completed staging object to its content key on the server, in one request or part by part.</summary>
    internal async ValueTask CopyToContentKeyAsync(string stagingKey, string contentKey, long length, CancellationToken cancellationToken)
    {
        if (length <= MultipartCopyThreshold)
        {
            await Runner.RunAsync(
                "CopyObject",
                contentKey,
                (Client: _client, Bucket: BucketName, Source: stagingKey, Target: contentKey),
                static async (state, token) => await state.Client.CopyObjectAsync(
                    new CopyObjectRequest
                    {
                        SourceBucket = state.Bucket,
                        SourceKey = state.Source,
                        DestinationBucket = state.Bucket,
                        DestinationKey = state.Target,
                    },
                    token).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
            return;
        }

        long partSize = Math.Max(CopyPartSize, (length + MaxParts - 1) / MaxParts);
        TrackStaging(contentKey); // not an abandoned upload while this copy runs
        string uploadId;
        try
        {
            uploadId = await CreateMultipartUploadAsync(contentKey, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            ForgetStaging(contentKey);
            throw;
        }

        try
        {
            var parts = new List<PartETag>();
            for (long first = 0; first < length; first += partSize)
            {
                int partNumber = parts.Count + 1;
                long last = Math.Min(first + partSize, length) - 1;
                CopyPartResponse response = await Runner.RunAsync(
                    "UploadPartCopy",
                    contentKey,
                    (Client: _client, Bucket: BucketName, Source: stagingKey, Target: contentKey, UploadId: uploadId, Part: partNumber, First: first, Last: last),
                    static async (state, token) => await state.Client.CopyPartAsync(
                        new CopyPartRequest
                        {
                            SourceBucket = state.Bucket,
                            SourceKey = state.Source,
                            DestinationBucket = state.Bucket,
                            DestinationKey = state.Target,
                            UploadId = state.UploadId,
                            PartNumber = state.Part,
                            FirstByte = state.First,
                            LastByte = state.Last,
                        },
                        token).ConfigureAwait(false),
                    cancellationToken).ConfigureAwait(false);
                parts.Add(new PartETag(partNumber, response.ETag));
            }

            await CompleteMultipartUploadAsync(contentKey, uploadId, parts, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await AbortMultipartUploadAsync(contentKey, uploadId).ConfigureAwait(false);
            throw;
        }
        finally
        {
            ForgetStaging(contentKey);
        }
    }

    internal ValueTask<string> CreateMultipartUploadAsync(string key, CancellationToken cancellationToken) =>
        Runner.RunAsync(
            "CreateMultipartUpload",
            key,
            (Client: _client, Bucket: BucketName, Key: key),
            static async (state, token) => (await state.Client.InitiateMultipartUploadAsync(state.Bucket, state.Key, token).ConfigureAwait(false)).UploadId,
            cancellationToken);

    internal async ValueTask CompleteMultipartUploadAsync(string key, string uploadId, List<PartETag> parts, CancellationToken cancellationToken) =>
        await Runner.RunAsync(
            "CompleteMultipartUpload",
            key,
            (Client: _client, Bucket: BucketName, Key: key, UploadId: uploadId, Parts: parts),
            static async (state, token) => await state.Client.CompleteMultipartUploadAsync(
                new CompleteMultipartUploadRequest
                {
                    BucketName = state.Bucket,
                    Key = state.Key,
                    UploadId = state.UploadId,
                    PartETags = state.Parts,
                },
                token).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);

    /// <summary>Aborts a multipart upload, best effort and bounded by one attempt timeout per try; a failure is logged, not thrown.</summary>
    internal async ValueTask AbortMultipartUploadAsync(string key, string uploadId)
    {
        using var deadline = new CancellationTokenSource(_options.AttemptTimeout * (_options.MaxRetryAttempts + 1), _timeProvider);
        try
        {
            await Runner.RunAsync(
                "AbortMultipartUpload",
                key,
                (Client: _client, Bucket: BucketName, Key: key, UploadId: uploadId),
                static async (state, token) => await state.Client.AbortMultipartUploadAsync(state.Bucket, state.Key, state.UploadId, token).ConfigureAwait(false),
                deadline.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is S3ArtifactStoreException or StorageUnavailableException or OperationCanceledException)
        {
            S3StorageLog.DiscardFailed(_logger, key, exception);
        }
    }

    /// <summary>Deletes an object, best effort; a failure is logged, not thrown.</summary>
    internal async ValueTask<bool> TryDeleteObjectAsync(string key)
    {
        using var deadline = new CancellationTokenSource(_options.AttemptTimeout * (_options.MaxRetryAttempts + 1), _timeProvider);
        try
        {
            await Runner.RunAsync(
                "DeleteObject",
                key,
                (Client: _client, Bucket: BucketName, Key: key),
                static async (state, token) => await state.Client.DeleteObjectAsync(state.Bucket, state.Key, token).ConfigureAwait(false),
                deadline.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception) when (exception is S3ArtifactStoreException or StorageUnavailableException or OperationCanceledException)
        {
            S3StorageLog.DiscardFailed(_logger, key, exception);
            return false;
        }
    }

    private async Task<Stream?> DownloadToCacheAsync(LocalArtifactCache cache, string sha256, string key, CancellationToken cancellationToken)
    {
        if (await GetObjectLengthAsync(key, cancellationToken).ConfigureAwait(false) is not { } length)
        {
            return null;
        }

        (FileStream file, string temporaryPath) = cache.CreateTemporaryFile();
        bool published = false;
        int chunkSize = _options.PartSize;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(chunkSize);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (file.ConfigureAwait(false))
            {
                for (long offset = 0; offset < length; offset += chunkSize)
                {
                    int count = (int)Math.Min(chunkSize, length - offset);
                    int read = await Runner.RunAsync(
                        "GetObject",
                        key,
                        (Client: _client, Bucket: BucketName, Key: key, Offset: offset, Count: count, Buffer: buffer),
                        static async (state, token) =>
                        {
                            using GetObjectResponse response = await state.Client.GetObjectAsync(
                                new GetObjectRequest
                                {
                                    BucketName = state.Bucket,
                                    Key = state.Key,
                                    ByteRange = new ByteRange(state.Offset, state.Offset + state.Count - 1),
                                },
                                token).ConfigureAwait(false);
                            return await response.ResponseStream.ReadAtLeastAsync(
                                state.Buffer.AsMemory(0, state.Count), state.Count, throwOnEndOfStream: false, token).ConfigureAwait(false);
                        },
                        cancellationToken).ConfigureAwait(false);
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    if (read < count)
                    {
                        break; // the object shrank since it was measured: the hash below fails
                    }
                }

                string actual = Convert.ToHexStringLower(hash.GetHashAndReset());
                if (!string.Equals(actual, sha256, StringComparison.Ordinal))
                {
                    throw new ArtifactIntegrityException(sha256, actual, $"object '{key}' in S3 bucket '{BucketName}'");
                }

                file.Flush(flushToDisk: true);
            }

            // Opened before it is renamed into place: the handle follows the file, and its shared lock tells evictors in every
            // process that the file is in use from the moment it is visible.
            FileStream opened = LocalArtifactCache.OpenRead(temporaryPath);
            try
            {
                if (!cache.TryPublish(temporaryPath, sha256))
                {
                    // Another downloader (a thread or a process sharing the cache) got there first: use its copy if it verifies.
                    (Stream? existing, _) = await cache.TryOpenVerifiedAsync(sha256, cancellationToken).ConfigureAwait(false);
                    if (existing is not null)
                    {
                        await opened.DisposeAsync().ConfigureAwait(false);
                        return existing;
                    }

                    cache.Replace(temporaryPath, sha256);
                }
            }
            catch
            {
                await opened.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            published = true;
            string path = cache.PathOf(sha256);
            S3StorageLog.Cached(_logger, sha256, length, path);
            cache.Touch(path);
            if (cache.SizeLimit is { } limit)
            {
                (int count, long bytes, long total) = cache.EvictToLimit(keepSha256: sha256);
                if (count > 0)
                {
                    S3StorageLog.Evicted(_logger, count, bytes, cache.Directory, total, limit);
                }
            }

            return opened;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (!published)
            {
                LocalArtifactCache.TryDelete(temporaryPath);
            }
        }
    }

    private async IAsyncEnumerable<S3Object> ListObjectsAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? continuation = null;
        while (true)
        {
            ListObjectsV2Response page = await Runner.RunAsync(
                "ListObjectsV2",
                prefix,
                (Client: _client, Bucket: BucketName, Prefix: prefix, Continuation: continuation),
                static async (state, token) => await state.Client.ListObjectsV2Async(
                    new ListObjectsV2Request { BucketName = state.Bucket, Prefix = state.Prefix, ContinuationToken = state.Continuation },
                    token).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);

            foreach (S3Object item in page.S3Objects ?? [])
            {
                yield return item;
            }

            if (page.IsTruncated != true)
            {
                yield break;
            }

            continuation = page.NextContinuationToken;
        }
    }

    private async ValueTask DeleteObjectAsync(string key, CancellationToken cancellationToken) =>
        await Runner.RunAsync(
            "DeleteObject",
            key,
            (Client: _client, Bucket: BucketName, Key: key),
            static async (state, token) => await state.Client.DeleteObjectAsync(state.Bucket, state.Key, token).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);

    private static DateTimeOffset ServerTime(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc).ToUniversalTime());

    /// <summary>
    /// When an upload started: the time its writer put into the staging key's name, or else the server's timestamp. The name is
    /// preferred because some S3-compatible services report placeholder initiation times for multipart uploads.
    /// </summary>
    private DateTimeOffset? StartedAt(string key, DateTime? serverTime)
    {
        if (key.Length >= _stagingPrefix.Length + StagingTimestampLength
            && key.StartsWith(_stagingPrefix, StringComparison.Ordinal)
            && DateTimeOffset.TryParseExact(
                key.AsSpan(_stagingPrefix.Length, StagingTimestampLength),
                StagingTimestampFormat,
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
                out DateTimeOffset named))
        {
            return named;
        }

        return serverTime is { } time ? ServerTime(time) : null;
    }

    private static AmazonS3Client CreateClient(S3ArtifactStoreOptions options)
    {
        S3ArtifactStoreOptionsValidator.ThrowIfInvalid(options);
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,

            // The store's Polly pipeline is the one retry layer: SDK retries on top would multiply attempts and delays.
            MaxErrorRetry = 0,

            // The pipeline times each attempt out; the HTTP client's own timeout is only a backstop behind it.
            Timeout = options.AttemptTimeout + TimeSpan.FromSeconds(30),
        };

        if (options.ServiceUrl is { } serviceUrl)
        {
            config.ServiceURL = serviceUrl;
            config.AuthenticationRegion = options.Region ?? "us-east-1";
        }
        else if (options.Region is { } region)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        try
        {
            if (string.IsNullOrEmpty(options.AccessKeyId))
            {
                return new AmazonS3Client(config); // the standard AWS credential chain
            }

            AWSCredentials credentials = string.IsNullOrEmpty(options.SessionToken)
                ? new BasicAWSCredentials(options.AccessKeyId, options.SecretAccessKey)
                : new SessionAWSCredentials(options.AccessKeyId, options.SecretAccessKey, options.SessionToken);
            return new AmazonS3Client(credentials, config);
        }
        catch (AmazonClientException exception)
        {
            // For example no region anywhere: not in the options, the AWS_REGION variable or the shared config file.
            throw new S3ArtifactStoreException(
                $"Could not create the S3 client for bucket '{options.BucketName}': {exception.Message}. Set S3ArtifactStoreOptions.ServiceUrl for an S3-compatible service, or S3ArtifactStoreOptions.Region (or the AWS_REGION environment variable) for Amazon S3.",
                "CreateClient",
                options.BucketName!,
                key: null,
                exception);
        }
    }

    private static string DescribeLocation(S3ArtifactStoreOptions options) =>
        $"S3 bucket '{options.BucketName}' at {DescribeEndpoint(options)}, prefix '{options.KeyPrefix}'";

    private static string DescribeEndpoint(S3ArtifactStoreOptions options)
    {
        if (options.ServiceUrl is { } serviceUrl && Uri.TryCreate(serviceUrl, UriKind.Absolute, out Uri? uri))
        {
            return uri.GetLeftPart(UriPartial.Authority); // scheme, host and port: never user info, path or query
        }

        return options.Region is { } region ? $"Amazon S3 ({region})" : "Amazon S3";
    }
}
