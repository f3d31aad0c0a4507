using ModelOps.Sdk.PostgreSql;
using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Storage.FileSystem;

namespace ModelOps.Sdk.Benchmarks;

/// <summary>
/// New metadata stores over the seeded registries of the scale benchmarks, on either <see cref="ScaleStore"/>: each call of the
/// returned function opens a new store, as a new instance of a service would; the registry's container disposes it.
/// </summary>
internal static class ScaleStores
{
    private static readonly Lazy<string> EmptyFileSystemRoot = new(() =>
    {
        var root = Path.Combine(Path.GetTempPath(), "modelops-bench-scale-empty-" + Guid.NewGuid().ToString("N"));
        using (new FileSystemMetadataStore(new FileSystemStorageOptions { RootPath = root }))
        {
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(root, recursive: true);
        return root;
    });

    /// <summary>Opens stores over a registry of <paramref name="models"/> x <paramref name="versionsPerModel"/> versions, seeded on first request.</summary>
    public static async Task<Func<IModelMetadataStore>> SeededAsync(ScaleStore store, int models, int versionsPerModel) => store switch
    {
        ScaleStore.FileSystem => FileSystem(await ScaleJournal.GetOrWriteAsync(models, versionsPerModel)),
        ScaleStore.PostgreSql => PostgreSql(await PostgreSqlScaleJournal.GetOrSeedAsync(models, versionsPerModel)),
        _ => throw new ArgumentOutOfRangeException(nameof(store), store, "Not a scale store."),
    };

    /// <summary>Opens stores over an empty registry, the baseline of the memory figures.</summary>
    public static async Task<Func<IModelMetadataStore>> EmptyAsync(ScaleStore store) => store switch
    {
        ScaleStore.FileSystem => FileSystem(EmptyFileSystemRoot.Value),
        ScaleStore.PostgreSql => PostgreSql(await PostgreSqlScaleJournal.GetEmptyAsync()),
        _ => throw new ArgumentOutOfRangeException(nameof(store), store, "Not a scale store."),
    };

    private static Func<IModelMetadataStore> FileSystem(string root) =>
        () => new FileSystemMetadataStore(new FileSystemStorageOptions { RootPath = root });

    private static Func<IModelMetadataStore> PostgreSql(string schema) =>
        () => new PostgreSqlMetadataStore(PostgreSqlScaleJournal.Options(schema));
}
