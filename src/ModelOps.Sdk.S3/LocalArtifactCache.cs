using System.Buffers;
using System.Security.Cryptography;

namespace ModelOps.Sdk.Storage.S3;

/// <summary>
/// The local, hash-verified cache of downloaded artifacts: <c>&lt;dir&gt;/sha256/&lt;first 2 hex&gt;/&lt;64 hex&gt;</c>, filled through
/// temporary files under <c>&lt;dir&gt;/tmp</c> that are verified before they are renamed into place.
/// </summary>
/// <remarks>
/// Files are named by content hash only, so one directory serves every process and every bucket on the machine: a file under a hash
/// either holds exactly those bytes or is detected as corrupt when it is opened (every open re-hashes the file) and replaced.
/// Renames never overwrite, so concurrent downloaders of the same artifact agree on one file.
/// <para>
/// <b>Recency and eviction.</b> Every open and every download sets the file's last write time to now (the store's clock), so the
/// file system itself records, for every process sharing the directory, when each artifact was last used. With a size limit, after
/// each download the least recently used files are evicted until the directory fits. A file is evicted only if no reader has it
/// open: the evictor first renames it away from its content path (new readers then miss and download it again, nobody opens the
/// renamed file), then tries to open it exclusively. Readers open cached files with <see cref="FileShare.Read"/>, which .NET turns
/// into a shared advisory lock (<c>flock</c>) on Unix and a share mode on Windows, so the exclusive open fails while any reader in
/// any process holds one; the file is then renamed back. Only when the exclusive open succeeds is the file deleted (on close).
/// A reader that opened the file in the instant between the rename and the check (or one in a process that turned .NET's file
/// locking off with <c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c>) is not broken either: readers open with
/// <see cref="FileShare.Delete"/>, and on Linux and macOS an open handle keeps reading an unlinked file (on Windows the deletion waits
/// for the last handle), so a deletion only ever costs a later download.
/// </para>
/// </remarks>
internal sealed class LocalArtifactCache
{
    internal const string TemporaryFileExtension = ".part";
    private const string EvictingFileExtension = ".evicting" + TemporaryFileExtension;
    private const int HashBufferSize = 1024 * 1024;

    /// <summary>How many times a publication is tried when the copy that blocked it vanishes before it is looked at.</summary>
    private const int MaxPublishAttempts = 8;

    private readonly string _contentDirectory;
    private readonly string _temporaryDirectory;
    private readonly long? _sizeLimit;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _evictionGate = new();

    public LocalArtifactCache(string directory, long? sizeLimit, TimeProvider timeProvider)
    {
        _sizeLimit = sizeLimit;
        _timeProvider = timeProvider;
        string root = Path.GetFullPath(directory);
        Directory = root;
        _contentDirectory = Path.Combine(root, "sha256");
        _temporaryDirectory = Path.Combine(root, "tmp");
        System.IO.Directory.CreateDirectory(_contentDirectory);
        System.IO.Directory.CreateDirectory(_temporaryDirectory);
    }

    /// <summary>Gets the cache's root directory.</summary>
    public string Directory { get; }

    /// <summary>Gets the size limit in bytes, or <see langword="null"/> for none.</summary>
    public long? SizeLimit => _sizeLimit;

    public string PathOf(string sha256) => Path.Combine(_contentDirectory, sha256[..2], sha256);

    /// <summary>
    /// Opens the cached copy of an artifact after hashing it: returns the stream positioned at the start when the bytes match,
    /// or deletes a corrupt copy and returns <see langword="null"/> with its actual hash.
    /// </summary>
    public async ValueTask<(Stream? Stream, string? CorruptHash)> TryOpenVerifiedAsync(string sha256, CancellationToken cancellationToken)
    {
        string path = PathOf(sha256);
        FileStream stream;
        try
        {
            stream = OpenRead(path);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return (null, null);
        }
        catch (IOException)
        {
            // Another process is replacing or checking this file this very instant: treat it as a miss and download it again.
            return (null, null);
        }

        string actual;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(HashBufferSize);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(0, HashBufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }

            actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (string.Equals(actual, sha256, StringComparison.Ordinal))
        {
            stream.Position = 0;
            Touch(path);
            return (stream, null);
        }

        await stream.DisposeAsync().ConfigureAwait(false);
        TryDelete(path);
        return (null, actual);
    }

    /// <summary>Creates a new temporary file for a download; its name starts with the process id, for the cleanup.</summary>
    public (FileStream Stream, string Path) CreateTemporaryFile()
    {
        string path = System.IO.Path.Combine(_temporaryDirectory, $"{Environment.ProcessId}-{Guid.NewGuid():N}{TemporaryFileExtension}");
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
        return (stream, path);
    }

    /// <summary>
    /// Renames a verified, flushed temporary file into its content path without overwriting; returns <see langword="false"/> and
    /// leaves the temporary file when another downloader got there first.
    /// </summary>
    public bool TryPublish(string temporaryFile, string sha256)
    {
        string target = PathOf(sha256);
        for (int attempt = 1; ; attempt++)
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            try
            {
                File.Move(temporaryFile, target, overwrite: false);
                return true;
            }
            catch (IOException) when (File.Exists(target))
            {
                return false;
            }
            catch (IOException) when (attempt < MaxPublishAttempts && File.Exists(temporaryFile))
            {
                // Another downloader's copy stood at the target when the move failed, and an eviction (this process's or another's)
                // deleted it before it was looked at: the target is free again, so the move is tried again.
            }
        }
    }

    /// <summary>Renames a verified temporary file over whatever is at its content path (a copy found corrupt).</summary>
    public void Replace(string temporaryFile, string sha256) => File.Move(temporaryFile, PathOf(sha256), overwrite: true);

    /// <summary>Records that a cached file was used now, for least-recently-used eviction; best effort.</summary>
    public void Touch(string path)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, _timeProvider.GetUtcNow().UtcDateTime);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Gone or not ours to change: the file keeps its older time and is merely evicted a little earlier.
        }
    }

    /// <summary>
    /// Evicts least recently used files that no reader has open until the cache fits its size limit; does nothing without a limit.
    /// </summary>
    /// <param name="keepSha256">An artifact not to evict (the one just downloaded for a caller).</param>
    /// <returns>How many files and bytes were evicted, and how many bytes the cache holds afterwards.</returns>
    public (int Count, long Bytes, long Total) EvictToLimit(string keepSha256)
    {
        if (_sizeLimit is not { } limit)
        {
            return (0, 0, 0);
        }

        lock (_evictionGate)
        {
            var files = new List<FileInfo>();
            long total = 0;
            foreach (string shard in System.IO.Directory.EnumerateDirectories(_contentDirectory))
            {
                foreach (FileInfo file in new DirectoryInfo(shard).EnumerateFiles())
                {
                    try
                    {
                        total += file.Length;
                        files.Add(file);
                    }
                    catch (FileNotFoundException)
                    {
                        // Evicted by another instance while this one listed the directory.
                    }
                }
            }

            int count = 0;
            long bytes = 0;
            if (total <= limit)
            {
                return (0, 0, total);
            }

            foreach (FileInfo file in files.OrderBy(f => f.LastWriteTimeUtc).ThenBy(f => f.Name, StringComparer.Ordinal))
            {
                if (total <= limit)
                {
                    break;
                }

                if (!string.Equals(file.Name, keepSha256, StringComparison.Ordinal) && TryEvict(file.FullName))
                {
                    count++;
                    bytes += file.Length;
                    total -= file.Length;
                }
            }

            return (count, bytes, total);
        }
    }

    /// <summary>
    /// Deletes a cached file unless a reader has it open: renames it away from its content path, then deletes it only if it can be
    /// opened exclusively, and otherwise renames it back.
    /// </summary>
    private bool TryEvict(string path)
    {
        string parked = Path.Combine(_temporaryDirectory, $"{Environment.ProcessId}-{Guid.NewGuid():N}{EvictingFileExtension}");
        try
        {
            File.Move(path, parked, overwrite: false);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false; // already evicted or replaced by another instance, or not ours to move
        }

        try
        {
            // Exclusive: fails while any reader holds the file open (FileShare.Read readers hold a shared lock). Deleted on close.
            using var probe = new FileStream(parked, FileMode.Open, FileAccess.Read, FileShare.None, bufferSize: 1, FileOptions.DeleteOnClose);
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Move(parked, path, overwrite: false); // in use: put it back
            }
            catch (Exception moveBack) when (moveBack is IOException or UnauthorizedAccessException)
            {
                TryDelete(parked); // a fresh copy was published meanwhile; the reader keeps its handle (see the remarks)
            }

            return false;
        }
    }

    public static FileStream OpenRead(string path) => new(
        path,
        FileMode.Open,
        FileAccess.Read,
        FileShare.Read | FileShare.Delete,
        bufferSize: 0,
        FileOptions.Asynchronous | FileOptions.SequentialScan);

    /// <summary>Deletes temporary files not written to since <paramref name="cutoff"/> (downloads of processes that stopped).</summary>
    public int DeleteTemporaryFilesOlderThan(DateTimeOffset cutoff)
    {
        int deleted = 0;
        foreach (string file in System.IO.Directory.EnumerateFiles(_temporaryDirectory, "*" + TemporaryFileExtension))
        {
            try
            {
                if (File.GetLastWriteTimeUtc(file) < cutoff.UtcDateTime)
                {
                    File.Delete(file);
                    deleted++;
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // In use or already gone: the next cleanup looks again.
            }
        }

        return deleted;
    }

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Best effort: a file that cannot be deleted now is verified (and replaced) at its next use, or removed by the cleanup.
        }
    }
}
