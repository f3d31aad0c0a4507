using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelOps.Sdk.PostgreSql;
using ModelOps.Sdk.PostgreSql.Tests.Infrastructure;
using ModelOps.Sdk.ProcessHost.Flavors;
using ModelOps.Sdk.S3.Tests.Infrastructure;
using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Storage.S3;
using Npgsql;

namespace ModelOps.Sdk.Fleet.Tests.Infrastructure;

/// <summary>
/// One registry shared by a fleet: a PostgreSQL schema of its own and a bucket and key prefix of their own. <see cref="AddInstance"/>
/// builds one more service instance in this process (<c>AddModelOps().UsePostgreSql(...).UseS3(...)</c>, with its own data source
/// and its own cache directory); <see cref="ChildEnvironment"/> points a process host at the same registry. Disposing drops the
/// schema and deletes the local directories.
/// </summary>
internal sealed class FleetHost : IAsyncDisposable
{
    private readonly PostgreSqlFixture _postgres;
    private readonly S3ServerFixture _s3;
    private readonly List<ServiceProvider> _providers = [];
    private readonly List<TemporaryDirectory> _directories = [];

    private FleetHost(PostgreSqlFixture postgres, S3ServerFixture s3, string bucket, string hint)
    {
        _postgres = postgres;
        _s3 = s3;
        Bucket = bucket;
        Schema = PostgreSqlFixture.NewSchemaName(hint);
        Prefix = "fleet/" + Guid.NewGuid().ToString("N")[..12];
        Root = NewDirectory("root");
        ChildCache = NewDirectory("child-cache");
    }

    public string Schema { get; }

    public string Bucket { get; }

    public string Prefix { get; }

    /// <summary>Gets the children's filesystem root (only their unused filesystem defaults go there).</summary>
    public string Root { get; }

    /// <summary>Gets the cache directory every child process shares, as processes on one machine would.</summary>
    public string ChildCache { get; }

    public string ServiceUrl => _s3.ServiceUrl;

    public static async Task<FleetHost> CreateAsync(PostgreSqlFixture postgres, S3ServerFixture s3, string hint)
    {
        _ = postgres.DataSource; // fails the test with what is missing when the server could not be started
        return new FleetHost(postgres, s3, await s3.CreateBucketAsync(hint), hint);
    }

    /// <summary>Builds one more service instance over the shared registry, with a cache directory of its own; <c>configure</c>
    /// adds packages and settings to it.</summary>
    public (IModelRegistry Registry, IServiceProvider Services) AddInstance(
        ILoggerFactory? logging = null,
        string? connectionString = null,
        Action<S3ArtifactStoreOptions>? configureS3 = null,
        Action<IModelOpsBuilder>? configure = null)
    {
        string cache = NewDirectory("cache");
        var services = new ServiceCollection();
        if (logging is not null)
        {
            services.AddSingleton(logging);
        }

        IModelOpsBuilder builder = services.AddModelOps(o => o.ChangePollInterval = TimeSpan.FromSeconds(1));
        builder
            .UsePostgreSql(o =>
            {
                o.ConnectionString = connectionString ?? _postgres.ConnectionString;
                o.Schema = Schema;
            })
            .UseS3(o =>
            {
                Configure(o, cache);
                configureS3?.Invoke(o);
            })
            .AddFlavor(new OffsetFlavor());
        configure?.Invoke(builder);
        ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        _providers.Add(provider);
        return (provider.GetRequiredService<IModelRegistry>(), provider);
    }

    /// <summary>Options of a store over the fleet's bucket and prefix, with the test's static credentials.</summary>
    public void Configure(S3ArtifactStoreOptions options, string cacheDirectory)
    {
        S3ArtifactStoreOptions configured = _s3.Options(Bucket, Prefix, cacheDirectory);
        options.ServiceUrl = configured.ServiceUrl;
        options.ForcePathStyle = configured.ForcePathStyle;
        options.BucketName = configured.BucketName;
        options.KeyPrefix = configured.KeyPrefix;
        options.AccessKeyId = configured.AccessKeyId;
        options.SecretAccessKey = configured.SecretAccessKey;
        options.PartSize = configured.PartSize;
        options.CacheDirectory = configured.CacheDirectory;
        options.MaxRetryAttempts = configured.MaxRetryAttempts;
        options.RetryBaseDelay = configured.RetryBaseDelay;
        options.AttemptTimeout = configured.AttemptTimeout;
    }

    /// <summary>The environment that points a process host at this registry (credentials through the standard AWS variables).</summary>
    public Dictionary<string, string> ChildEnvironment() => new()
    {
        ["MODELOPS_HOST_POSTGRES"] = _postgres.ConnectionString,
        ["MODELOPS_HOST_POSTGRES_SCHEMA"] = Schema,
        ["MODELOPS_HOST_S3_ENDPOINT"] = _s3.ServiceUrl,
        ["MODELOPS_HOST_S3_BUCKET"] = Bucket,
        ["MODELOPS_HOST_S3_PREFIX"] = Prefix,
        ["MODELOPS_HOST_S3_CACHE"] = ChildCache,
        ["AWS_ACCESS_KEY_ID"] = S3ServerFixture.AccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = S3ServerFixture.SecretAccessKey,
    };

    public Amazon.S3.AmazonS3Client RawClient() => _s3.CreateClient();

    public static ModelVersionRegistration Registration(string model, string content, string flavor = "test", IReadOnlyDictionary<string, string>? tags = null) => new()
    {
        ModelName = model,
        Flavor = flavor,
        Artifact = new MemoryStream(Encoding.UTF8.GetBytes(content)),
        Tags = tags ?? new Dictionary<string, string>(),
    };

    public static PostgreSqlMetadataStore MetadataStore(IServiceProvider services) => (PostgreSqlMetadataStore)services.GetRequiredService<IModelMetadataStore>();

    public async ValueTask DisposeAsync()
    {
        foreach (ServiceProvider provider in _providers)
        {
            await provider.DisposeAsync();
        }

        try
        {
            await using var dataSource = NpgsqlDataSource.Create(_postgres.ConnectionString);
            await using var drop = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{Schema}\" CASCADE");
            await drop.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // The shared server is stopped with the run anyway.
        }

        foreach (TemporaryDirectory directory in _directories)
        {
            directory.Dispose();
        }
    }

    private string NewDirectory(string hint)
    {
        var directory = new TemporaryDirectory("fleet-" + hint);
        _directories.Add(directory);
        return directory.Path;
    }
}
