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
/// </remarks>
internal sealed class LocalArtifactCache
{
    internal const string TemporaryFileExtension = ".part";
    private const int HashBufferSize = 1024 * 1024;

    private readonly string _contentDirectory;
    private readonly string _temporaryDirectory;

    public LocalArtifactCache(string directory)
    {
        string root = Path.GetFullPath(directory);
        _contentDirectory = Path.Combine(root, "sha256");
        _temporaryDirectory = Path.Combine(root, "tmp");
        Directory.CreateDirectory(_contentDirectory);
        Directory.CreateDirectory(_temporaryDirectory);
    }

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
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        try
        {
            File.Move(temporaryFile, target, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(target))
        {
            return false;
        }
    }

    /// <summary>Renames a verified temporary file over whatever is at its content path (a copy found corrupt).</summary>
    public void Replace(string temporaryFile, string sha256) => File.Move(temporaryFile, PathOf(sha256), overwrite: true);

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
        foreach (string file in Directory.EnumerateFiles(_temporaryDirectory, "*" + TemporaryFileExtension))
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
