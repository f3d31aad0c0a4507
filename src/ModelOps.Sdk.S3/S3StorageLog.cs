using Microsoft.Extensions.Logging;

namespace ModelOps.Sdk.Storage.S3;

/// <summary>The log messages of the S3 artifact store (event ids 3200 to 3299). None of them carries a credential.</summary>
internal static partial class S3StorageLog
{
    [LoggerMessage(EventId = 3200, Level = LogLevel.Warning, Message = "S3 {Operation} on {Key} failed with a transient fault ({Fault}); retry {Attempt} in {Delay}")]
    public static partial void Retrying(ILogger logger, string operation, string key, string fault, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Debug, Message = "Published artifact {Sha256} ({Length} bytes) at {Key}")]
    public static partial void Published(ILogger logger, string sha256, long length, string key);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Warning, Message = "Could not discard staged upload {Key}; DeleteAbandonedUploadsAsync or a bucket lifecycle rule removes it later")]
    public static partial void DiscardFailed(ILogger logger, string key, Exception exception);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Warning, Message = "The cached copy of artifact {Sha256} at {Path} is corrupt (it hashes to {ActualSha256}); deleted it and downloading again")]
    public static partial void CorruptCacheFile(ILogger logger, string sha256, string path, string actualSha256);

    [LoggerMessage(EventId = 3205, Level = LogLevel.Debug, Message = "Downloaded artifact {Sha256} ({Length} bytes) into the cache at {Path}")]
    public static partial void Cached(ILogger logger, string sha256, long length, string path);

    [LoggerMessage(EventId = 3206, Level = LogLevel.Information, Message = "Removed abandoned uploads under {Prefix}: {AbortedMultipartUploads} multipart uploads aborted, {DeletedStagingObjects} staging objects and {DeletedCacheFiles} temporary cache files deleted")]
    public static partial void CleanedUp(ILogger logger, string prefix, int abortedMultipartUploads, int deletedStagingObjects, int deletedCacheFiles);

    [LoggerMessage(EventId = 3207, Level = LogLevel.Information, Message = "Evicted {Count} least recently used artifacts ({Bytes} bytes) from the cache at {Directory}; it now holds {Total} bytes against a limit of {Limit}")]
    public static partial void Evicted(ILogger logger, int count, long bytes, string directory, long total, long limit);

    [LoggerMessage(EventId = 3208, Level = LogLevel.Warning, Message = "Did not collect artifact {Sha256}: its deletion could not be sent within {AttemptTimeout} of marking it, after which a registration committing the same content no longer waits; the next collection tries again")]
    public static partial void CollectionTooSlow(ILogger logger, string sha256, TimeSpan attemptTimeout);

    [LoggerMessage(EventId = 3209, Level = LogLevel.Debug, Message = "Artifact {Sha256} is being collected; the commit of the same content waits for the collector before it checks that the content is still stored")]
    public static partial void WaitingForCollection(ILogger logger, string sha256);

    [LoggerMessage(EventId = 3210, Level = LogLevel.Information, Message = "Artifact {Sha256} was collected while a registration committed the same content; published again")]
    public static partial void RepublishedAfterCollection(ILogger logger, string sha256);
}
