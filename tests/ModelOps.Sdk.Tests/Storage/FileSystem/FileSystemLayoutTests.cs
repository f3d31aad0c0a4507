using ModelOps.Sdk.Storage.FileSystem;

namespace ModelOps.Sdk.Tests.Storage.FileSystem;

public sealed class FileSystemLayoutTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public static TheoryData<string> Stores => ["metadata", "artifacts"];

    public void Dispose() => _directory.Dispose();

    [Theory]
    [MemberData(nameof(Stores))]
    public void Constructor_NewerFormatVersion_ThrowsStorageFormatExceptionAskingForAnUpgrade(string store)
    {
        string marker = WriteMarker("""{"format":"modelops-filesystem","version":2}""");

        var exception = Assert.Throws<StorageFormatException>(() => Open(store));

        Assert.Equal(marker, exception.Location);
        Assert.Contains("format version 2", exception.Message, StringComparison.Ordinal);
        Assert.Contains("supports format version 1", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Upgrade the ModelOps.Sdk package", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void Constructor_OtherFormatName_ThrowsStorageFormatExceptionNamingIt(string store)
    {
        WriteMarker("""{"format":"someone-elses-store","version":1}""");

        var exception = Assert.Throws<StorageFormatException>(() => Open(store));

        Assert.Contains("'someone-elses-store'", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void Constructor_UnreadableFormatMarker_ThrowsStorageFormatException(string store)
    {
        WriteMarker("{\"format\":");

        var exception = Assert.Throws<StorageFormatException>(() => Open(store));

        Assert.Contains("not valid JSON", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_ExistingStoreOfTheCurrentFormat_OpensIt()
    {
        using var first = new FileSystemMetadataStore(_directory.Options());
        string marker = File.ReadAllText(Path.Combine(_directory.Path, "format.json"));

        using var second = new FileSystemMetadataStore(_directory.Options());
        _ = new FileSystemArtifactStore(_directory.Options());

        Assert.Equal(marker, File.ReadAllText(Path.Combine(_directory.Path, "format.json")));
    }

    private string WriteMarker(string json)
    {
        string path = Path.Combine(_directory.Path, "format.json");
        File.WriteAllText(path, json);
        return path;
    }

    private void Open(string store)
    {
        if (store == "metadata")
        {
            new FileSystemMetadataStore(_directory.Options()).Dispose();
        }
        else
        {
            _ = new FileSystemArtifactStore(_directory.Options());
        }
    }
}
