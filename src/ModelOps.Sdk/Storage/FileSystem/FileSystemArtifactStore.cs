using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ModelOps.Sdk.Storage.FileSystem;

/// <summary>
/// Stores artifact bytes as files named by their SHA-256 under <c>&lt;root&gt;/blobs/sha256/&lt;first 2 hex&gt;/&lt;64 hex&gt;</c>.
/// </summary>
/// <remarks>
/// <para>
/// Crash safety comes from the order of an upload: the bytes go to a temporary file under <c>&lt;root&gt;/tmp</c>; on commit that
/// file is flushed to disk (<c>fsync</c>), renamed into its content address without overwriting, and the directory is flushed; only
/// then does the registry commit the version's metadata. A crash at any point leaves either no content under the hash or the complete
/// content, and metadata never refers to content that is not durable. Identical content is stored once: if the hash is already
/// stored, the new copy is discarded.
/// </para>
/// <para>
/// Temporary files of processes that were killed mid-upload are deleted when a store is created, and again at most every quarter of
/// <see cref="FileSystemStorageOptions.TemporaryFileRetention"/> when an upload begins: a file is deleted when the process id in its
/// name no longer runs, or when it has not been written to for longer than the retention.
/// </para>
/// <para>
/// The store does not hash: the registry hashes bytes while writing them and verifies them on every read. This type is thread-safe,
/// and several processes may share one root.
/// </para>
/// <para>
/// <b>Garbage collection</b> (<see cref="ICollectableArtifactStore"/>). A commit of content already stored sets the stored file's
/// last-write time to now, so a registration that deduplicates onto an old blob makes it young. A collection deletes a blob by
/// first renaming it out of its content address into <c>&lt;root&gt;/tmp</c> (atomic), then checking its last-write time there:
/// if a commit refreshed it before the rename, it is renamed back; a commit after the rename finds no file to refresh and publishes
/// its own copy. A collection interrupted between the rename and the delete is undone when a store is next created.
/// </para>
/// </remarks>
public sealed class FileSystemArtifactStore : IArtifactStore, ICollectableArtifactStore
{
    // Unbuffered: the uploader writes whole chunks from pooled buffers, so a FileStream buffer would only copy them once more,
    // and it cost a 1 MiB allocation per upload (visible as 1 MB allocated per registration in the registry benchmarks).
    private const int UploadBufferSize = 0;
    // Unbuffered too: the registry reads a blob whole into an array of its known length, and a FileStream buffer (allocated on the
    // first read smaller than it) cost a 128 KiB large-object allocation per blob opened, 134 KB to read a 269-byte document, which
    // was most of the report's allocation over thousands of saved documents. A caller of OpenArtifactAsync that reads in small
    // pieces can add its own buffer.
    private const int ReadBufferSize = 0;

    /// <summary>The extension of a blob being collected: renamed out of its content address, about to be deleted.</summary>
    private const string CollectingFileExtension = ".collecting";
    private static readonly System.Buffers.SearchValues<char> LowercaseHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    private readonly string _root;
    private readonly string _blobDirectory;
    private readonly string _temporaryDirectory;
    private readonly TimeSpan _retention;
    private readonly TimeSpan _cleanupInterval;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, byte> _activeUploads = new(StringComparer.Ordinal);
    private long _lastCleanupTimestamp;
    private int _cleanupRunning;

    /// <summary>Initializes a new instance of the <see cref="FileSystemArtifactStore"/> class, creating the store if it does not exist.</summary>
    /// <param name="options">The settings; <see cref="FileSystemStorageOptions.RootPath"/> is the store's directory.</param>
    /// <param name="timeProvider">The clock that ages temporary files; <see cref="TimeProvider.System"/> if <see langword="null"/>.</param>
    /// <param name="logger">The logger for temporary-file cleanup; none if <see langword="null"/>.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException"><paramref name="options"/> are invalid.</exception>
    /// <exception cref="StorageFormatException">The directory holds a store of another format or a newer version.</exception>
    /// <remarks>Creating a store deletes temporary files left by processes that no longer run.</remarks>
    public FileSystemArtifactStore(FileSystemStorageOptions options, TimeProvider? timeProvider = null, ILogger<FileSystemArtifactStore>? logger = null)
    {
        FileSystemStorageOptionsValidator.ThrowIfInvalid(options);
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _retention = options.TemporaryFileRetention;
        _cleanupInterval = options.TemporaryFileRetention / 4;

        _root = FileSystemLayout.Open(options.RootPath);
        _blobDirectory = FileSystemLayout.BlobDirectory(_root);
        _temporaryDirectory = FileSystemLayout.TemporaryDirectory(_root);
        DirectorySync.CreateDirectory(_blobDirectory);

        RestoreInterruptedCollections();
        DeleteAbandonedTemporaryFiles();
        _lastCleanupTimestamp = _timeProvider.GetTimestamp();
    }

    /// <summary>Gets the full path of the store's root directory.</summary>
    public string RootPath => _root;

    /// <inheritdoc />
    /// <remarks>
    /// The upload writes to a temporary file; nothing is visible under a hash until <see cref="IArtifactUpload.CommitAsync"/> returns.
    /// Disposing the upload without committing deletes the temporary file.
    /// </remarks>
    public ValueTask<IArtifactUpload> BeginUploadAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_timeProvider.GetElapsedTime(Interlocked.Read(ref _lastCleanupTimestamp)) >= _cleanupInterval
            && Interlocked.CompareExchange(ref _cleanupRunning, 1, 0) == 0)
        {
            try
            {
                Interlocked.Exchange(ref _lastCleanupTimestamp, _timeProvider.GetTimestamp());
                DeleteAbandonedTemporaryFiles();
            }
            finally
            {
                Volatile.Write(ref _cleanupRunning, 0);
            }
        }

        string temporaryFile = FileSystemLayout.NewTemporaryFile(_root);
        _activeUploads.TryAdd(temporaryFile, 0);
        try
        {
            var content = new FileStream(
                temporaryFile,
                FileMode.CreateNew,
                FileAccess.Write,
                FileShare.None,
                UploadBufferSize,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
            return ValueTask.FromResult<IArtifactUpload>(new FileSystemArtifactUpload(this, temporaryFile, content));
        }
        catch
        {
            _activeUploads.TryRemove(temporaryFile, out _);
            throw;
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="sha256"/> is not 64 lowercase hexadecimal characters.</exception>
    public ValueTask<Stream?> OpenReadAsync(string sha256, CancellationToken cancellationToken = default)
    {
        string path = ContentPath(sha256);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            Stream stream = new FileStream(
                path,
                FileMode.Open,
                FileAccess.Read,
                FileShare.Read | FileShare.Delete,
                ReadBufferSize,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
            return ValueTask.FromResult<Stream?>(stream);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return ValueTask.FromResult<Stream?>(null);
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="sha256"/> is not 64 lowercase hexadecimal characters.</exception>
    public ValueTask<bool> ExistsAsync(string sha256, CancellationToken cancellationToken = default)
    {
        string path = ContentPath(sha256);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(File.Exists(path));
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

    internal string ContentPath(string sha256, string parameterName = "sha256")
    {
        ThrowIfNotSha256(sha256, parameterName);
        return Path.Combine(_blobDirectory, sha256[..2], sha256);
    }

    /// <summary>Moves a flushed temporary file to its content address; called by <see cref="FileSystemArtifactUpload.CommitAsync"/>.</summary>
    /// <remarks>
    /// Content already stored is refreshed (its last-write time set to now) and the new copy discarded; if a collection moved the
    /// stored file away meanwhile, the new copy is published in its place.
    /// </remarks>
    internal void Publish(string temporaryFile, string sha256)
    {
        string target = ContentPath(sha256);
        string targetDirectory = Path.GetDirectoryName(target)!;
        DirectorySync.CreateDirectory(targetDirectory);

        while (true)
        {
            if (File.Exists(target) && TryRefresh(target))
            {
                Discard(temporaryFile);
                FileSystemStorageLog.DiscardedDuplicateUpload(_logger, sha256);
                return;
            }

            try
            {
                File.Move(temporaryFile, target, overwrite: false);
                DirectorySync.Flush(targetDirectory);
                return;
            }
            catch (IOException) when (File.Exists(target))
            {
                // Another writer published the same content between the check and the move: refresh it on the next turn.
            }
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredArtifact> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (string directory in EnumerateOrEmpty(() => Directory.EnumerateDirectories(_blobDirectory)))
        {
            foreach (string file in EnumerateOrEmpty(() => Directory.EnumerateFiles(directory)))
            {
                cancellationToken.ThrowIfCancellationRequested();
                string name = Path.GetFileName(file);
                if (name.Length != 64 || name.AsSpan().ContainsAnyExcept(LowercaseHex))
                {
                    continue;
                }

                var info = new FileInfo(file);
                if (info.Exists)
                {
                    yield return new StoredArtifact(name, info.Length, new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero));
                }
            }
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="sha256"/> is not 64 lowercase hexadecimal characters.</exception>
    public ValueTask<bool> DeleteIfNotModifiedSinceAsync(string sha256, DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        string path = ContentPath(sha256);
        cancellationToken.ThrowIfCancellationRequested();
        if (!TryGetLastWrite(path, out DateTimeOffset lastWrite) || lastWrite >= cutoff)
        {
            return ValueTask.FromResult(false);
        }

        // Out of the content address first: from here on a commit of the same content cannot refresh this file, it publishes its own.
        string collecting = Path.Combine(_temporaryDirectory, string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}-{Guid.NewGuid():N}-{sha256}{CollectingFileExtension}"));
        try
        {
            File.Move(path, collecting, overwrite: false);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return ValueTask.FromResult(false);
        }

        // A commit that refreshed the file before the rename is seen now: put it back.
        if (!TryGetLastWrite(collecting, out lastWrite) || lastWrite >= cutoff)
        {
            Restore(collecting, path);
            return ValueTask.FromResult(false);
        }

        File.Delete(collecting);
        DirectorySync.Flush(_temporaryDirectory);
        return ValueTask.FromResult(true);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<AbandonedUpload> ListAbandonedUploadsAsync(DateTimeOffset cutoff, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (string file in EnumerateOrEmpty(() => Directory.EnumerateFiles(_temporaryDirectory, "*" + FileSystemLayout.TemporaryFileExtension)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_activeUploads.ContainsKey(file))
            {
                continue;
            }

            var info = new FileInfo(file);
            if (info.Exists && new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero) is var lastWrite && lastWrite < cutoff)
            {
                yield return new AbandonedUpload(info.Name, info.Length, lastWrite);
            }
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="upload"/> does not name a temporary file of this store.</exception>
    public ValueTask<bool> DeleteAbandonedUploadAsync(AbandonedUpload upload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upload);
        cancellationToken.ThrowIfCancellationRequested();
        if (upload.Name.Length == 0
            || upload.Name.AsSpan().ContainsAny(Path.GetInvalidFileNameChars())
            || !upload.Name.EndsWith(FileSystemLayout.TemporaryFileExtension, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{upload.Name}' is not the name of a temporary file of this store.", nameof(upload));
        }

        string file = Path.Combine(_temporaryDirectory, upload.Name);
        if (_activeUploads.ContainsKey(file) || !File.Exists(file))
        {
            return ValueTask.FromResult(false);
        }

        File.Delete(file);
        FileSystemStorageLog.DeletedTemporaryFile(_logger, file, "collected as an abandoned upload");
        return ValueTask.FromResult(true);
    }

    /// <summary>Deletes a temporary file and forgets the upload; called when an upload ends either way.</summary>
    internal void Discard(string temporaryFile)
    {
        try
        {
            File.Delete(temporaryFile);
        }
        finally
        {
            _activeUploads.TryRemove(temporaryFile, out _);
        }
    }

    internal void Forget(string temporaryFile) => _activeUploads.TryRemove(temporaryFile, out _);

    private void DeleteAbandonedTemporaryFiles()
    {
        DateTimeOffset now = _timeProvider.GetUtcNow();
        IEnumerable<string> files;
        try
        {
            files = Directory.EnumerateFiles(_temporaryDirectory, "*" + FileSystemLayout.TemporaryFileExtension);
        }
        catch (DirectoryNotFoundException)
        {
            return;
        }

        foreach (string file in files)
        {
            if (_activeUploads.ContainsKey(file))
            {
                continue;
            }

            string? reason = AbandonmentReason(file, now);
            if (reason is null)
            {
                continue;
            }

            try
            {
                File.Delete(file);
                FileSystemStorageLog.DeletedTemporaryFile(_logger, file, reason);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                FileSystemStorageLog.TemporaryFileDeletionFailed(_logger, file, exception);
            }
        }
    }

    private string? AbandonmentReason(string file, DateTimeOffset now)
    {
        string name = Path.GetFileNameWithoutExtension(file);
        int dash = name.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0
            && int.TryParse(name.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out int processId)
            && !IsRunning(processId))
        {
            return string.Create(CultureInfo.InvariantCulture, $"its writer, process {processId}, no longer runs");
        }

        DateTimeOffset lastWrite;
        try
        {
            lastWrite = new DateTimeOffset(File.GetLastWriteTimeUtc(file), TimeSpan.Zero);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        TimeSpan age = now - lastWrite;
        return age > _retention
            ? string.Create(CultureInfo.InvariantCulture, $"it was last written {age} ago, longer than the retention of {_retention}")
            : null;
    }

    /// <summary>Sets a stored file's last-write time to now (never back); false if it is gone.</summary>
    private bool TryRefresh(string path)
    {
        DateTime now = _timeProvider.GetUtcNow().UtcDateTime;
        try
        {
            if (File.GetLastWriteTimeUtc(path) < now)
            {
                File.SetLastWriteTimeUtc(path, now);
            }

            return File.Exists(path);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Puts a file being collected back at its content address, unless a writer published the same content there meanwhile.</summary>
    private static void Restore(string collecting, string path)
    {
        try
        {
            File.Move(collecting, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(collecting);
        }
    }

    /// <summary>Undoes collections that a process left half done (renamed out of the content address, not yet deleted).</summary>
    private void RestoreInterruptedCollections()
    {
        foreach (string file in EnumerateOrEmpty(() => Directory.EnumerateFiles(_temporaryDirectory, "*" + CollectingFileExtension)))
        {
            string name = Path.GetFileNameWithoutExtension(file);
            int dash = name.IndexOf('-', StringComparison.Ordinal);
            if (name.Length <= 64
                || dash <= 0
                || !int.TryParse(name.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out int processId)
                || IsRunning(processId))
            {
                continue;
            }

            string sha256 = name[^64..];
            if (sha256.AsSpan().ContainsAnyExcept(LowercaseHex))
            {
                continue;
            }

            string path = ContentPath(sha256);
            DirectorySync.CreateDirectory(Path.GetDirectoryName(path)!);
            try
            {
                Restore(file, path);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                FileSystemStorageLog.TemporaryFileDeletionFailed(_logger, file, exception);
            }
        }
    }

    private static bool TryGetLastWrite(string path, out DateTimeOffset lastWrite)
    {
        var info = new FileInfo(path);
        lastWrite = info.Exists ? new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero) : default;
        return info.Exists;
    }

    private static string[] EnumerateOrEmpty(Func<IEnumerable<string>> enumerate)
    {
        try
        {
            return enumerate().ToArray();
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
    }

    private static bool IsRunning(int processId)
    {
        if (processId == Environment.ProcessId)
        {
            return true;
        }

        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false; // no process has that id
        }
        catch (InvalidOperationException)
        {
            return false; // it exited while being looked up
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return true; // it exists but may not be inspected: assume it runs, and let the age limit decide
        }
    }
}
