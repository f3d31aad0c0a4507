namespace ModelOps.Sdk.S3.Tests.Infrastructure;

/// <summary>A fresh directory under the system's temporary folder, deleted on dispose.</summary>
public sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory(string hint)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"modelops-s3-{hint}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
