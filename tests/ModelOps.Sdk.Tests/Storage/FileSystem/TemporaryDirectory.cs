using ModelOps.Sdk.Storage.FileSystem;

namespace ModelOps.Sdk.Tests.Storage.FileSystem;

/// <summary>A real directory under the system's temporary folder, deleted on dispose.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory()
    {
        Path = Directory.CreateTempSubdirectory("modelops-fs-").FullName;
    }

    public string Path { get; }

    public string JournalFile => System.IO.Path.Combine(Path, "journal", "journal.jsonl");

    public string TemporaryFiles => System.IO.Path.Combine(Path, "tmp");

    public string Blobs => System.IO.Path.Combine(Path, "blobs", "sha256");

    public FileSystemStorageOptions Options() => new() { RootPath = Path };

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still be exiting; the directory is under the temporary folder anyway.
        }
    }
}
