using System.ComponentModel.DataAnnotations;
using ModelOps.Sdk.Configuration;

namespace ModelOps.Sdk.Storage.FileSystem;

/// <summary>
/// Settings of the filesystem storage provider (<see cref="FileSystemMetadataStore"/> and <see cref="FileSystemArtifactStore"/>).
/// Set them with <c>builder.UseFileSystem(path, options =&gt; ...)</c> or bind them from configuration.
/// </summary>
/// <remarks>
/// Several processes may share one <see cref="RootPath"/> on a local disk: appends are serialized by a lock file, and artifacts are
/// content-addressed, so concurrent writers never overwrite each other. Network filesystems are not supported, because their file
/// locks and renames do not give the guarantees the provider relies on.
/// </remarks>
[ModelOpsOptionsSection(SectionName)]
public sealed class FileSystemStorageOptions
{
    /// <summary>
    /// The configuration section these options bind from, relative to the <c>ModelOps</c> section (<see cref="ModelOpsOptions.SectionName"/>):
    /// <c>ModelOps:Store</c>. <c>services.AddModelOps(configuration.GetSection("ModelOps"))</c> of ModelOps.Sdk.Hosting binds it.
    /// </summary>
    public const string SectionName = "Store";

    /// <summary>Gets or sets the directory that holds the store (its format marker, journal, artifacts and temporary files).</summary>
    /// <value>
    /// The default value is <c>ModelOps/registry</c> under the user's local application data folder
    /// (<see cref="Environment.SpecialFolder.LocalApplicationData"/>, for example <c>~/.local/share/ModelOps/registry</c> on Linux and
    /// <c>%LOCALAPPDATA%\ModelOps\registry</c> on Windows). A relative path is resolved against the current directory when a store is created.
    /// </value>
    [Required(ErrorMessage = "ModelOps:Store:RootPath is required: set it to the directory that should hold the model registry.")]
    public string RootPath { get; set; } = Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
        "ModelOps",
        "registry");

    /// <summary>Gets or sets how long an append waits for another process to release the journal lock before it fails.</summary>
    /// <value>The default value is 30 seconds. It must be greater than zero and at most 1 hour.</value>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how old a temporary upload file must be before it is deleted even though the process that wrote it still exists.
    /// </summary>
    /// <value>The default value is 1 hour. It must be at least 1 minute.</value>
    /// <remarks>
    /// Temporary files of processes that no longer run are deleted at once. This age limit covers writers whose process id was reused
    /// or that run in another process namespace (a container sharing the directory), and uploads that were abandoned without being
    /// disposed. An upload that is still being written keeps its file's last-write time current, so it is not considered old.
    /// </remarks>
    public TimeSpan TemporaryFileRetention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Gets or sets how many journal entries may follow the persistent journal index (<c>journal/index.bin</c>) before a process
    /// writes it again. Opening a store reads the index and parses only the entries after it, so this bounds what a cold open parses.
    /// </summary>
    /// <value>The default value is 4,096. It must be from 1 to 1,000,000.</value>
    /// <remarks>
    /// Each write of the index costs time in proportion to the journal (about 12 bytes per entry, written in the background), so a
    /// smaller value makes cold opens cheaper and writes of the index more frequent. A store whose journal holds fewer entries than
    /// this has no index file: parsing it is as cheap as reading one.
    /// </remarks>
    public int JournalIndexInterval { get; set; } = 4_096;
}
