using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ModelOps.Sdk.Audit;
using ModelOps.Sdk.Checkpoints;
using ModelOps.Sdk.Naming;

namespace ModelOps.Sdk.Storage.FileSystem;

/// <summary>
/// Checkpoints (<see cref="IScopeCheckpointStore"/>): one file per scope, <c>&lt;root&gt;/checkpoints/&lt;scope&gt;.&lt;8 hex&gt;.checkpoint.json</c>.
/// </summary>
/// <remarks>
/// The 8 hexadecimal digits are the start of the SHA-256 of the scope's name, so scopes whose names differ only in case keep separate
/// files on a file system that ignores case. A checkpoint is written to a temporary file, flushed to disk and renamed over the scope's
/// file, so a reader in any process sees the old checkpoint or the new one, whole. Checkpoints are derived data: deleting the folder
/// costs each instance one full fold per model, and the registry writes them again.
/// </remarks>
public sealed partial class FileSystemMetadataStore
{
    private const string CheckpointExtension = ".checkpoint.json";

    /// <inheritdoc />
    /// <exception cref="InvalidModelNameException"><paramref name="scope"/> is neither a valid model name nor <see cref="AuditScopes.Registry"/>.</exception>
    /// <exception cref="StorageFormatException">The scope's checkpoint file is not a checkpoint (for example a truncated file).</exception>
    public async ValueTask<ScopeCheckpoint?> ReadCheckpointAsync(string scope, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var path = CheckpointPath(scope);
        if (!File.Exists(path))
        {
            return null; // the common case on a cold open, answered without a first-chance exception
        }

        byte[] content;
        try
        {
            content = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(content, CheckpointJsonContext.Default.ScopeCheckpoint)
                ?? throw new JsonException("The file holds null.");
        }
        catch (JsonException ex)
        {
            throw new StorageFormatException(path, $"The checkpoint file '{path}' is not a checkpoint: {ex.Message} It is derived data: the registry ignores it and writes it again.", ex);
        }
    }

    /// <inheritdoc />
    /// <exception cref="InvalidModelNameException">The checkpoint's scope is neither a valid model name nor <see cref="AuditScopes.Registry"/>.</exception>
    /// <exception cref="IOException">The checkpoint folder cannot be written.</exception>
    public async ValueTask WriteCheckpointAsync(ScopeCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var path = CheckpointPath(checkpoint.Scope);
        DirectorySync.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = FileSystemLayout.NewTemporaryFile(_root);
        try
        {
            var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                await JsonSerializer.SerializeAsync(stream, checkpoint, CheckpointJsonContext.Default.ScopeCheckpoint, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
            DirectorySync.Flush(Path.GetDirectoryName(path)!);
        }
        finally
        {
            File.Delete(temporary); // no-op once renamed
        }
    }

    private string CheckpointPath(string scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (!string.Equals(scope, AuditScopes.Registry, StringComparison.Ordinal))
        {
            NameRules.ValidateModelName(scope);
        }

        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(scope));
        return Path.Combine(FileSystemLayout.CheckpointDirectory(_root), $"{scope}.{Convert.ToHexStringLower(digest.AsSpan(0, 4))}{CheckpointExtension}");
    }
}
