using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace ModelOps.Sdk.PostgreSql.Tests.Infrastructure;

/// <summary>
/// Registries over one PostgreSQL schema and one artifact folder, built the way an application builds them
/// (<c>AddModelOps().UseFileSystem(folder).UsePostgreSql(dataSource, ...)</c>); each <see cref="AddRegistry"/> call is another
/// service instance with its own data source. Disposing drops the schema and deletes the folder.
/// </summary>
internal sealed class PostgreSqlRegistryHost : IAsyncDisposable
{
    private readonly List<ServiceProvider> _providers = [];
    private readonly List<NpgsqlDataSource> _dataSources = [];

    public PostgreSqlRegistryHost(PostgreSqlFixture fixture, string schemaPrefix)
        : this(fixture.ConnectionString, schemaPrefix)
    {
    }

    public PostgreSqlRegistryHost(string connectionString, string schemaPrefix)
    {
        Schema = PostgreSqlFixture.NewSchemaName(schemaPrefix);
        ConnectionString = connectionString;
        ArtifactRoot = Path.Combine(Path.GetTempPath(), "modelops-pg-artifacts-" + Guid.NewGuid().ToString("N"));
    }

    public string Schema { get; }

    public string ConnectionString { get; }

    public string ArtifactRoot { get; }

    /// <summary>Builds one more registry instance; returns it with its metadata store.</summary>
    public (IModelRegistry Registry, PostgreSqlMetadataStore Store) AddRegistry(
        Action<PostgreSqlStorageOptions>? configure = null,
        TimeProvider? registryClock = null,
        TimeSpan? pollInterval = null) => AddRegistry(configure, registryClock, pollInterval, null).Registry;

    /// <summary>Builds one more registry instance with further services (a flavor); returns it with its store and service provider.</summary>
    public ((IModelRegistry Registry, PostgreSqlMetadataStore Store) Registry, IServiceProvider Services) AddRegistry(
        Action<PostgreSqlStorageOptions>? configure,
        TimeProvider? registryClock,
        TimeSpan? pollInterval,
        Action<IModelOpsBuilder>? configureBuilder)
    {
        var dataSource = NpgsqlDataSource.Create(ConnectionString);
        _dataSources.Add(dataSource);
        var services = new ServiceCollection();
        if (registryClock is not null)
        {
            services.AddSingleton(registryClock);
        }

        var builder = services.AddModelOps(o => o.ChangePollInterval = pollInterval ?? TimeSpan.FromSeconds(1))
            .UseFileSystem(ArtifactRoot)
            .UsePostgreSql(dataSource, o =>
            {
                o.Schema = Schema;
                configure?.Invoke(o);
            });
        configureBuilder?.Invoke(builder);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        _providers.Add(provider);
        var store = (PostgreSqlMetadataStore)provider.GetRequiredService<global::ModelOps.Sdk.Storage.IModelMetadataStore>();
        return ((provider.GetRequiredService<IModelRegistry>(), store), provider);
    }

    public static FakeTimeProvider FrozenClock() => new(new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public static ModelVersionRegistration Registration(string model, string content, IReadOnlyDictionary<string, string>? tags = null, string? description = null) => new()
    {
        ModelName = model,
        Flavor = "test",
        Artifact = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)),
        Tags = tags ?? new Dictionary<string, string>(),
        Description = description,
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        foreach (var dataSource in _dataSources)
        {
            await dataSource.DisposeAsync();
        }

        try
        {
            await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
            await using var drop = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{Schema}\" CASCADE");
            await drop.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // The server of a restart test may already be gone; its directory is deleted with it.
        }

        if (Directory.Exists(ArtifactRoot))
        {
            Directory.Delete(ArtifactRoot, recursive: true);
        }
    }
}
