using System.Globalization;
using System.Text.Json;
using ModelOps.Sdk.Journal;
using ModelOps.Sdk.Naming;
using ModelOps.Sdk.Storage.FileSystem;

namespace ModelOps.Sdk.Audit;

/// <summary>
/// Keeps audit anchors as files in a directory, one folder per chain: <c>&lt;directory&gt;/&lt;scope&gt;/&lt;index&gt;.anchor.json</c>,
/// the index zero-padded to 19 digits, each file the JSON of an <see cref="AuditAnchor"/>.
/// </summary>
/// <remarks>
/// <para>
/// Each anchor is written to a temporary file, flushed to disk, and renamed into place without overwriting, then the folder is
/// flushed; a file therefore appears whole or not at all, and writers of different processes never overwrite each other. The
/// latest anchor is the file with the highest index, so an older anchor written late never hides a newer one. After writing, the
/// files of lower indexes are deleted; where deleting is not allowed (a write-once mount) they stay, one small file per anchor.
/// </para>
/// <para>Thread-safe, and safe for several processes sharing the directory.</para>
/// </remarks>
public sealed class FileSystemAuditAnchorSink : IAuditAnchorSink
{
    private const string Extension = ".anchor.json";

    /// <summary>Initializes a new instance of the <see cref="FileSystemAuditAnchorSink"/> class.</summary>
    /// <param name="directoryPath">The directory; created when the first anchor is written.</param>
    /// <exception cref="ArgumentException"><paramref name="directoryPath"/> is empty.</exception>
    public FileSystemAuditAnchorSink(string directoryPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directoryPath);
        DirectoryPath = Path.GetFullPath(directoryPath);
    }

    /// <summary>Gets the full path of the directory.</summary>
    public string DirectoryPath { get; }

    /// <inheritdoc/>
    /// <exception cref="InvalidModelNameException">The anchor's scope is neither a valid model name nor <see cref="AuditScopes.Registry"/>.</exception>
    /// <exception cref="IOException">The directory cannot be written.</exception>
    public Task WriteAsync(AuditAnchor anchor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(anchor);
        ArgumentOutOfRangeException.ThrowIfLessThan(anchor.Index, 0L, nameof(anchor));
        cancellationToken.ThrowIfCancellationRequested();
        var folder = ScopeFolder(anchor.Scope);
        DirectorySync.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName(anchor.Index));
        var temporary = Path.Combine(folder, $".{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                stream.Write(JsonSerializer.SerializeToUtf8Bytes(anchor, ModelOpsJsonContext.Default.AuditAnchor));
                stream.Flush(flushToDisk: true);
            }

            try
            {
                File.Move(temporary, path, overwrite: false);
                DirectorySync.Flush(folder);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another writer anchored the same entry first: the head hash is the same, so keep theirs.
            }
        }
        finally
        {
            File.Delete(temporary); // no-op once renamed
        }

        Prune(folder, anchor.Index);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidModelNameException"><paramref name="scope"/> is neither a valid model name nor <see cref="AuditScopes.Registry"/>.</exception>
    /// <exception cref="StorageFormatException">The latest anchor file is not an anchor of this chain.</exception>
    public async Task<AuditAnchor?> ReadLatestAsync(string scope, CancellationToken cancellationToken = default)
    {
        var folder = ScopeFolder(scope);
        if (!Directory.Exists(folder))
        {
            return null;
        }

        var latest = Directory.EnumerateFiles(folder, "*" + Extension)
            .Select(f => (Path: f, Index: ParseIndex(f)))
            .Where(f => f.Index is not null)
            .MaxBy(f => f.Index);
        if (latest.Path is null)
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(latest.Path, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            // Pruned by a writer that stored a newer anchor meanwhile: read again.
            return await ReadLatestAsync(scope, cancellationToken).ConfigureAwait(false);
        }

        AuditAnchor? anchor;
        try
        {
            anchor = JsonSerializer.Deserialize(bytes, ModelOpsJsonContext.Default.AuditAnchor);
        }
        catch (JsonException ex)
        {
            throw new StorageFormatException(latest.Path, $"The audit anchor '{latest.Path}' is not valid JSON: {ex.Message}", ex);
        }

        if (anchor is null || !string.Equals(anchor.Scope, scope, StringComparison.Ordinal) || anchor.Index != latest.Index)
        {
            throw new StorageFormatException(latest.Path, $"The audit anchor '{latest.Path}' is not the anchor of chain '{scope}' at index {latest.Index}.");
        }

        return anchor;
    }

    private static string FileName(long index) => index.ToString("D19", CultureInfo.InvariantCulture) + Extension;

    private static long? ParseIndex(string path)
    {
        var name = Path.GetFileName(path);
        return name.EndsWith(Extension, StringComparison.Ordinal)
            && long.TryParse(name.AsSpan(0, name.Length - Extension.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index
            : null;
    }

    private static void Prune(string folder, long below)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*" + Extension))
        {
            if (ParseIndex(file) is { } index && index < below)
            {
                try
                {
                    File.Delete(file);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // A write-once location: older anchors stay, and the highest index still wins.
                }
            }
        }
    }

    private string ScopeFolder(string scope)
    {
        if (!string.Equals(scope, AuditScopes.Registry, StringComparison.Ordinal))
        {
            NameRules.ValidateModelName(scope);
        }

        return Path.Combine(DirectoryPath, scope);
    }
}
