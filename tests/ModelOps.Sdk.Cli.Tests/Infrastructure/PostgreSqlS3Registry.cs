using System.Text.Json;
using ModelOps.Sdk.PostgreSql.Tests.Infrastructure;
using ModelOps.Sdk.S3.Tests.Infrastructure;
using Npgsql;

namespace ModelOps.Sdk.Cli.Tests.Infrastructure;

/// <summary>
/// A registry with its metadata in a fresh PostgreSQL schema and its artifacts in a fresh S3 bucket, configured the way a pipeline
/// configures the tool: the committed <c>appsettings.json</c> names the bucket, the endpoint and the policy; the secrets (the
/// connection string with its password, the S3 key pair) come from <c>MODELOPS_</c> environment variables.
/// </summary>
internal sealed class PostgreSqlS3Registry : IAsyncDisposable
{
    /// <summary>A password in the connection string (the test server trusts local connections, so it is carried but not checked).</summary>
    public const string PostgreSqlPassword = "Pg-cli-S3cr3t-pw";

    public const string KeyPrefix = "registry/prod";

    private readonly PostgreSqlFixture _postgres;

    private PostgreSqlS3Registry(PostgreSqlFixture postgres, string serviceUrl, string bucket)
    {
        _postgres = postgres;
        ServiceUrl = serviceUrl;
        Bucket = bucket;
        Schema = PostgreSqlFixture.NewSchemaName("clis3");
        Files = new TemporaryRegistry();
        CacheDirectory = Path.Combine(Files.Directory, "s3-cache");
        Files.WriteFile("appsettings.json", JsonSerializer.Serialize(new
        {
            S3 = new { BucketName = bucket, ServiceUrl = serviceUrl, ForcePathStyle = true, KeyPrefix },
            Governance = new { Gates = new object[] { new { Type = "metric-threshold", Metric = "auc", Minimum = 0.8 } } },
            Bundles = new { RegistryName = "prod" },
        }));
        Environment = new Dictionary<string, string>
        {
            ["MODELOPS_POSTGRESQL__CONNECTIONSTRING"] = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Password = PostgreSqlPassword }.ConnectionString,
            ["MODELOPS_POSTGRESQL__SCHEMA"] = Schema,
            ["MODELOPS_S3__ACCESSKEYID"] = S3ServerFixture.AccessKeyId,
            ["MODELOPS_S3__SECRETACCESSKEY"] = S3ServerFixture.SecretAccessKey,
            ["MODELOPS_S3__CACHEDIRECTORY"] = CacheDirectory,
        };
    }

    /// <summary>Gets the working directory (with the <c>appsettings.json</c>) and its file helpers.</summary>
    public TemporaryRegistry Files { get; }

    public string ServiceUrl { get; }

    public string Bucket { get; }

    public string Schema { get; }

    /// <summary>Gets the local download cache the tool is pointed at (override it per run to force reads from the bucket).</summary>
    public string CacheDirectory { get; }

    /// <summary>Gets the pipeline's secret environment variables.</summary>
    public Dictionary<string, string> Environment { get; }

    /// <summary>Creates a bucket on <paramref name="serviceUrl"/> and a registry over it and a fresh schema.</summary>
    public static async Task<PostgreSqlS3Registry> CreateAsync(PostgreSqlFixture postgres, string serviceUrl)
    {
        string bucket = ("cli-" + Guid.NewGuid().ToString("N"))[..24];
        using var client = S3ServerFixture.CreateClient(serviceUrl);
        await client.PutBucketAsync(bucket);
        return new PostgreSqlS3Registry(postgres, serviceUrl, bucket);
    }

    /// <summary>Runs the tool in the working directory as <paramref name="actor"/>, with the pipeline's environment plus <paramref name="extra"/>.</summary>
    public Task<ToolRun> RunAsync(string actor, IReadOnlyDictionary<string, string>? extra, params string[] arguments)
    {
        var environment = new Dictionary<string, string>(Environment) { ["MODELOPS_ACTOR"] = actor };
        foreach (var (name, value) in extra ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        return Files.RunAsync(environment, arguments);
    }

    /// <summary>Runs the tool as <paramref name="actor"/> with the pipeline's environment.</summary>
    public Task<ToolRun> RunAsync(string actor, params string[] arguments) => RunAsync(actor, null, arguments);

    /// <summary>Reads an object of the bucket behind the tool's back.</summary>
    public async Task<byte[]> ReadObjectAsync(string key)
    {
        using var client = S3ServerFixture.CreateClient(ServiceUrl);
        using var response = await client.GetObjectAsync(Bucket, key);
        using var copy = new MemoryStream();
        await response.ResponseStream.CopyToAsync(copy);
        return copy.ToArray();
    }

    /// <summary>Lists the keys under the registry's prefix behind the tool's back.</summary>
    public async Task<List<string>> ObjectKeysAsync()
    {
        using var client = S3ServerFixture.CreateClient(ServiceUrl);
        return await BucketInspector.ObjectKeysAsync(client, Bucket, KeyPrefix);
    }

    public async ValueTask DisposeAsync()
    {
        Files.Dispose();
        await _postgres.DropSchemaAsync(Schema);
    }
}
