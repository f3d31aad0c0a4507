using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ModelOps.Sdk.Storage.FileSystem;

/// <summary>
/// Where things live under a filesystem store's root, and the format marker both stores check before they touch anything.
/// </summary>
/// <remarks>
/// <code>
/// &lt;root&gt;/format.json                        {"format":"modelops-filesystem","version":1}
/// &lt;root&gt;/journal/journal.jsonl              the metadata journal, one JSON object per line
/// &lt;root&gt;/journal/.lock                      the cross-process append lock
/// &lt;root&gt;/journal/index.bin                 the journal index up to a committed offset (derived, checked before use)
/// &lt;root&gt;/blobs/sha256/&lt;ab&gt;/&lt;64 hex&gt;       artifact content, named by its SHA-256
/// &lt;root&gt;/tmp/&lt;pid&gt;-&lt;guid&gt;.tmp            files being written
/// </code>
/// </remarks>
internal static class FileSystemLayout
{
    public const string FormatName = "modelops-filesystem";
    public const int FormatVersion = 1;
    public const string TemporaryFileExtension = ".tmp";

    public static string FormatFile(string root) => Path.Combine(root, "format.json");

    public static string TemporaryDirectory(string root) => Path.Combine(root, "tmp");

    public static string JournalDirectory(string root) => Path.Combine(root, "journal");

    public static string CheckpointDirectory(string root) => Path.Combine(root, "checkpoints");

    public static string BlobDirectory(string root) => Path.Combine(root, "blobs", "sha256");

    /// <summary>Gets a fresh temporary file path, named after this process so that cleanup can tell whether its writer still runs.</summary>
    public static string NewTemporaryFile(string root) =>
        Path.Combine(TemporaryDirectory(root), string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}-{Guid.NewGuid():N}{TemporaryFileExtension}"));

    /// <summary>
    /// Opens the store at <paramref name="rootPath"/>: creates it with its format marker if it does not exist yet, or checks that its
    /// format is one this library reads.
    /// </summary>
    /// <returns>The full path of the root.</returns>
    /// <exception cref="StorageFormatException">The store was written in another format or a newer version, or its marker is unreadable.</exception>
    public static string Open(string rootPath)
    {
        string root = Path.GetFullPath(rootPath);
        DirectorySync.CreateDirectory(TemporaryDirectory(root));

        string formatFile = FormatFile(root);
        if (!File.Exists(formatFile))
        {
            byte[] marker = Encoding.UTF8.GetBytes(string.Create(
                CultureInfo.InvariantCulture,
                $$"""{"format":"{{FormatName}}","version":{{FormatVersion}}}{{'\n'}}"""));
            if (!TryCreateDurably(root, formatFile, marker))
            {
                // Another process created the marker first; fall through and check what it wrote.
            }
        }

        CheckFormat(formatFile);
        return root;
    }

    /// <summary>
    /// Creates <paramref name="path"/> with <paramref name="content"/> so that it either appears whole or not at all, even across a crash:
    /// write a temporary file, flush it to disk, rename it into place without overwriting, then flush the directory.
    /// </summary>
    /// <returns><see langword="false"/> if the file already existed (it is left untouched).</returns>
    public static bool TryCreateDurably(string root, string path, ReadOnlySpan<byte> content)
    {
        string temporary = NewTemporaryFile(root);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                return false;
            }

            DirectorySync.Flush(Path.GetDirectoryName(path)!);
            return true;
        }
        finally
        {
            File.Delete(temporary); // no-op once renamed
        }
    }

    private static void CheckFormat(string formatFile)
    {
        const string Upgrade = "Upgrade the ModelOps.Sdk package to a version that supports it.";
        string? format;
        int version;
        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(formatFile));
            JsonElement rootElement = document.RootElement;
            if (rootElement.ValueKind != JsonValueKind.Object
                || !rootElement.TryGetProperty("format", out JsonElement formatElement)
                || formatElement.ValueKind != JsonValueKind.String
                || !rootElement.TryGetProperty("version", out JsonElement versionElement)
                || !versionElement.TryGetInt32(out version))
            {
                throw new StorageFormatException(
                    formatFile,
                    $"The store's format marker '{formatFile}' must be a JSON object with a string \"format\" and an integer \"version\". "
                    + $"Restore it as {{\"format\":\"{FormatName}\",\"version\":{FormatVersion}}} if this directory is a ModelOps filesystem store.");
            }

            format = formatElement.GetString();
        }
        catch (JsonException exception)
        {
            throw new StorageFormatException(
                formatFile,
                $"The store's format marker '{formatFile}' is not valid JSON ({exception.Message}). "
                + $"Restore it as {{\"format\":\"{FormatName}\",\"version\":{FormatVersion}}} if this directory is a ModelOps filesystem store.",
                exception);
        }

        if (!string.Equals(format, FormatName, StringComparison.Ordinal))
        {
            throw new StorageFormatException(
                formatFile,
                $"The directory holds a store in format '{format}' (found in '{formatFile}'), but this library reads only format '{FormatName}'. "
                + "Point RootPath at another directory, or open the store with the library that wrote it.");
        }

        if (version > FormatVersion)
        {
            throw new StorageFormatException(
                formatFile,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"The store at '{Path.GetDirectoryName(formatFile)}' was written in format version {version}, but this library supports format version {FormatVersion} only. {Upgrade}"));
        }

        if (version < 1)
        {
            throw new StorageFormatException(
                formatFile,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"The store's format marker '{formatFile}' names format version {version}, which never existed; versions start at 1. The marker is corrupt: restore it."));
        }
    }
}
