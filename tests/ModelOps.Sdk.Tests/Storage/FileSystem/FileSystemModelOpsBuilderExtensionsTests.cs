using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Storage.FileSystem;

namespace ModelOps.Sdk.Tests.Storage.FileSystem;

public sealed class FileSystemModelOpsBuilderExtensionsTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task UseFileSystem_RootPath_ResolvesSingletonFileSystemStoresThere()
    {
        var services = new ServiceCollection();
        new Builder(services).UseFileSystem(_directory.Path, options => options.LockTimeout = TimeSpan.FromSeconds(5));
        await using ServiceProvider provider = services.BuildServiceProvider(validateScopes: true);

        var metadata = Assert.IsType<FileSystemMetadataStore>(provider.GetRequiredService<IModelMetadataStore>());
        var artifacts = Assert.IsType<FileSystemArtifactStore>(provider.GetRequiredService<IArtifactStore>());

        Assert.Equal(_directory.Path, metadata.RootPath);
        Assert.Equal(_directory.Path, artifacts.RootPath);
        Assert.Same(metadata, provider.GetRequiredService<IModelMetadataStore>());
        Assert.Equal(TimeSpan.FromSeconds(5), provider.GetRequiredService<IOptions<FileSystemStorageOptions>>().Value.LockTimeout);
        Assert.True((await metadata.AppendAsync("m", 0, [TestEntries.Create("m", 0)])).IsCommitted);
    }

    [Fact]
    public async Task UseFileSystem_StoresRegisteredBefore_AreReplaced()
    {
        using var other = new TemporaryDirectory();
        var services = new ServiceCollection();
        services.AddSingleton<IModelMetadataStore>(_ => new FileSystemMetadataStore(other.Options()));
        services.AddSingleton<IArtifactStore>(_ => new FileSystemArtifactStore(other.Options()));

        new Builder(services).UseFileSystem(_directory.Path);
        await using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Single(services, d => d.ServiceType == typeof(IModelMetadataStore));
        Assert.Equal(_directory.Path, ((FileSystemMetadataStore)provider.GetRequiredService<IModelMetadataStore>()).RootPath);
        Assert.Equal(_directory.Path, ((FileSystemArtifactStore)provider.GetRequiredService<IArtifactStore>()).RootPath);
    }

    [Fact]
    public async Task AddFileSystemDefaults_StoreAlreadyRegistered_KeepsIt()
    {
        using var other = new TemporaryDirectory();
        var services = new ServiceCollection();
        services.AddSingleton<IModelMetadataStore>(_ => new FileSystemMetadataStore(other.Options()));
        services.Configure<FileSystemStorageOptions>(o => o.RootPath = _directory.Path);

        FileSystemModelOpsBuilderExtensions.AddFileSystemDefaults(services);
        FileSystemModelOpsBuilderExtensions.AddFileSystemDefaults(services);
        await using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Equal(other.Path, ((FileSystemMetadataStore)provider.GetRequiredService<IModelMetadataStore>()).RootPath);
        Assert.Equal(_directory.Path, ((FileSystemArtifactStore)provider.GetRequiredService<IArtifactStore>()).RootPath);
    }

    [Fact]
    public async Task UseFileSystem_InvalidOptions_ResolvingAStoreThrowsEachFailureOnce()
    {
        var services = new ServiceCollection();
        var builder = new Builder(services);
        FileSystemModelOpsBuilderExtensions.AddFileSystemDefaults(services);
        builder.UseFileSystem(_directory.Path).UseFileSystem(configure: options => options.TemporaryFileRetention = TimeSpan.FromSeconds(1));
        await using ServiceProvider provider = services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IModelMetadataStore>());

        string failure = Assert.Single(exception.Failures);
        Assert.Contains("TemporaryFileRetention is 00:00:01", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UseFileSystem_NullRootPath_DataAnnotationsReportIt()
    {
        var services = new ServiceCollection();
        new Builder(services).UseFileSystem(configure: options => options.RootPath = null!);
        await using ServiceProvider provider = services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IArtifactStore>());

        Assert.Contains(exception.Failures, f => f.Contains("RootPath is required", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UseFileSystem_TimeProviderRegistered_StoresUseIt()
    {
        Directory.CreateDirectory(Path.Combine(_directory.Path, "tmp"));
        string stale = Path.Combine(_directory.Path, "tmp", $"{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(stale, [1]);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(File.GetLastWriteTimeUtc(stale) + TimeSpan.FromDays(1)));
        new Builder(services).UseFileSystem(_directory.Path);
        await using ServiceProvider provider = services.BuildServiceProvider();

        _ = provider.GetRequiredService<IArtifactStore>();

        Assert.False(File.Exists(stale)); // a day old by the injected clock
    }

    private sealed class Builder(IServiceCollection services) : IModelOpsBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}
