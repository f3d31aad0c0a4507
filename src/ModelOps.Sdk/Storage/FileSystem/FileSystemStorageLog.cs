using Microsoft.Extensions.Logging;

namespace ModelOps.Sdk.Storage.FileSystem;

/// <summary>The log messages of the filesystem storage provider (event ids 3100 to 3199).</summary>
internal static partial class FileSystemStorageLog
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Debug, Message = "Waiting for the journal lock {LockPath}: another process is appending")]
    public static partial void WaitingForJournalLock(ILogger logger, string lockPath);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "Acquired the journal lock {LockPath} after waiting {WaitTime}")]
    public static partial void AcquiredJournalLock(ILogger logger, string lockPath, TimeSpan waitTime);

    [LoggerMessage(
        EventId = 3102,
        Level = LogLevel.Warning,
        Message = "Removed {ByteCount} bytes of an interrupted append from the end of {JournalPath}: a writer stopped before it finished, so those entries were never committed")]
    public static partial void TruncatedTornTail(ILogger logger, long byteCount, string journalPath);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "Deleted temporary file {TemporaryFile}: {Reason}")]
    public static partial void DeletedTemporaryFile(ILogger logger, string temporaryFile, string reason);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "Could not delete temporary file {TemporaryFile}; it will be retried at the next cleanup")]
    public static partial void TemporaryFileDeletionFailed(ILogger logger, string temporaryFile, Exception exception);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Debug, Message = "Artifact {Sha256} is already stored; discarded the uploaded copy")]
    public static partial void DiscardedDuplicateUpload(ILogger logger, string sha256);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Debug, Message = "Read {EntryCount} new journal entries from {JournalPath}")]
    public static partial void CaughtUp(ILogger logger, int entryCount, string journalPath);
}
