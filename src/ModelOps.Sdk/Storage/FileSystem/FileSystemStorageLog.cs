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

    [LoggerMessage(EventId = 3107, Level = LogLevel.Debug, Message = "Loaded the journal index {IndexPath} of {EntryCount} entries; checking it against the journal in the background")]
    public static partial void LoadedJournalIndex(ILogger logger, int entryCount, string indexPath);

    [LoggerMessage(EventId = 3108, Level = LogLevel.Warning, Message = "Ignored the journal index {IndexPath}: {Reason}. The journal is parsed instead and the index written again")]
    public static partial void IgnoredJournalIndex(ILogger logger, string indexPath, string reason);

    [LoggerMessage(EventId = 3109, Level = LogLevel.Debug, Message = "The journal vouches for the journal index {IndexPath} of {EntryCount} entries")]
    public static partial void VerifiedJournalIndex(ILogger logger, int entryCount, string indexPath);

    [LoggerMessage(
        EventId = 3110,
        Level = LogLevel.Error,
        Message = "The journal index {IndexPath} disagrees with the journal: {Disagreement}. It was rebuilt from the journal and is written again; it was changed outside ModelOps or damaged")]
    public static partial void RefutedJournalIndex(ILogger logger, string indexPath, string disagreement);

    [LoggerMessage(
        EventId = 3111,
        Level = LogLevel.Warning,
        Message = "A line read through the journal index {IndexPath} is not what the index says (sequence {Sequence}: {Reason}); the index was rebuilt from the journal and the read went on")]
    public static partial void JournalIndexMismatch(ILogger logger, string indexPath, long sequence, string reason);

    [LoggerMessage(EventId = 3112, Level = LogLevel.Debug, Message = "Wrote the journal index {IndexPath} of {EntryCount} entries")]
    public static partial void WroteJournalIndex(ILogger logger, int entryCount, string indexPath);

    [LoggerMessage(EventId = 3113, Level = LogLevel.Warning, Message = "Could not write the journal index {IndexPath}; the next open parses more of the journal, and the write is retried")]
    public static partial void JournalIndexWriteFailed(ILogger logger, string indexPath, Exception exception);

    [LoggerMessage(EventId = 3114, Level = LogLevel.Warning, Message = "Could not check the journal index {IndexPath} against the journal")]
    public static partial void JournalIndexCheckFailed(ILogger logger, string indexPath, Exception exception);
}
