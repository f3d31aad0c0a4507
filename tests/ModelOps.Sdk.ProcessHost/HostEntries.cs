using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.ProcessHost.Flavors;
using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Storage.FileSystem;
using ModelOps.Sdk.Storage.S3;

namespace ModelOps.Sdk.ProcessHost;

/// <summary>Helpers shared by the commands: opening stores and registries, and making entries.</summary>
internal static class HostEntries
{
    /// <summary>The store's options; <c>MODELOPS_HOST_JOURNAL_INDEX_INTERVAL</c> overrides how often the journal index is written.</summary>
    public static FileSystemStorageOptions Options(string root) => new()
    {
        RootPath = root,
        LockTimeout = TimeSpan.FromMinutes(2),
        JournalIndexInterval = Environment.GetEnvironmentVariable("MODELOPS_HOST_JOURNAL_INDEX_INTERVAL") is { Length: > 0 } interval
            ? int.Parse(interval, CultureInfo.InvariantCulture)
            : new FileSystemStorageOptions().JournalIndexInterval,
    };

    /// <summary>
    /// Builds a registry over the filesystem store at <paramref name="root"/>, the way an application would, with the
    /// <see cref="OffsetFlavor"/> registered so that scorers can serve versions. The environment moves parts of it elsewhere:
    /// <list type="bullet">
    /// <item><c>MODELOPS_HOST_POSTGRES</c> (a connection string) puts the metadata in PostgreSQL, in the schema
    /// <c>MODELOPS_HOST_POSTGRES_SCHEMA</c>;</item>
    /// <item><c>MODELOPS_HOST_S3_ENDPOINT</c> (a service URL) puts the artifacts in that S3-compatible service: bucket
    /// <c>MODELOPS_HOST_S3_BUCKET</c>, key prefix <c>MODELOPS_HOST_S3_PREFIX</c>, cache directory <c>MODELOPS_HOST_S3_CACHE</c>
    /// (default <c>&lt;root&gt;/s3-cache</c>); credentials come from the standard AWS chain (<c>AWS_ACCESS_KEY_ID</c> and
    /// <c>AWS_SECRET_ACCESS_KEY</c>), as in a deployed service;</item>
    /// <item><c>MODELOPS_HOST_POLL_INTERVAL</c> (a TimeSpan) overrides the registry's change poll interval.</item>
    /// </list>
    /// </summary>
    /// <param name="root">The filesystem store's root (metadata and artifacts unless moved).</param>
    /// <param name="decorateArtifacts">Wraps the artifact store (S3 or filesystem), for commands that interfere with uploads.</param>
    /// <returns>The provider; dispose it to dispose the registry.</returns>
    public static ServiceProvider Registry(string root, Func<IArtifactStore, IArtifactStore>? decorateArtifacts = null)
    {
        var services = new ServiceCollection();
        var builder = services.AddModelOps(options =>
            {
                if (Environment.GetEnvironmentVariable("MODELOPS_HOST_POLL_INTERVAL") is { Length: > 0 } interval)
                {
                    options.ChangePollInterval = TimeSpan.Parse(interval, CultureInfo.InvariantCulture);
                }
            })
            .UseFileSystem(root, options => options.LockTimeout = TimeSpan.FromMinutes(2))
            .AddFlavor(new OffsetFlavor());
        if (Environment.GetEnvironmentVariable("MODELOPS_HOST_POSTGRES") is { Length: > 0 } connectionString)
        {
            builder.UsePostgreSql(options =>
            {
                options.ConnectionString = connectionString;
                options.Schema = Environment.GetEnvironmentVariable("MODELOPS_HOST_POSTGRES_SCHEMA") ?? options.Schema;
            });
        }

        S3ArtifactStoreOptions? s3 = S3Options(root);
        if (decorateArtifacts is not null)
        {
            builder.UseArtifactStore(_ => decorateArtifacts(s3 is null ? new FileSystemArtifactStore(Options(root)) : new S3ArtifactStore(s3)));
        }
        else if (s3 is not null)
        {
            builder.UseS3(options =>
            {
                options.ServiceUrl = s3.ServiceUrl;
                options.ForcePathStyle = s3.ForcePathStyle;
                options.BucketName = s3.BucketName;
                options.KeyPrefix = s3.KeyPrefix;
                options.PartSize = s3.PartSize;
                options.CacheDirectory = s3.CacheDirectory;
            });
        }

        return services.BuildServiceProvider();
    }

    /// <summary>The S3 artifact store's options from <c>MODELOPS_HOST_S3_*</c>, or <see langword="null"/> when no endpoint is set.</summary>
    public static S3ArtifactStoreOptions? S3Options(string root)
    {
        if (Environment.GetEnvironmentVariable("MODELOPS_HOST_S3_ENDPOINT") is not { Length: > 0 } endpoint)
        {
            return null;
        }

        return new S3ArtifactStoreOptions
        {
            ServiceUrl = endpoint,
            ForcePathStyle = true,
            BucketName = Environment.GetEnvironmentVariable("MODELOPS_HOST_S3_BUCKET"),
            KeyPrefix = Environment.GetEnvironmentVariable("MODELOPS_HOST_S3_PREFIX") ?? "modelops",
            PartSize = S3ArtifactStoreOptions.MinPartSize, // so that artifacts of a few MiB take the multipart path
            CacheDirectory = Environment.GetEnvironmentVariable("MODELOPS_HOST_S3_CACHE") is { Length: > 0 } cache ? cache : Path.Combine(root, "s3-cache"),
        };
    }

    public static JournalEntry Create(string scope, long index) => new()
    {
        Scope = scope,
        Index = index,
        Timestamp = TimeProvider.System.GetUtcNow(),
        Kind = "test.appended",
        Payload = string.Create(CultureInfo.InvariantCulture, $$"""{"process":{{Environment.ProcessId}},"index":{{index}}}"""),
        PreviousHash = index.ToString("x64", CultureInfo.InvariantCulture),
        Hash = (index + 1).ToString("x64", CultureInfo.InvariantCulture),
    };

    /// <summary>Appends <paramref name="count"/> entries at the end of a scope, re-reading its length on every conflict.</summary>
    /// <returns>The index of the first entry appended.</returns>
    public static async Task<long> AppendAtEndAsync(IModelMetadataStore store, string scope, int count, CancellationToken cancellationToken)
    {
        long length = 0;
        await foreach (JournalEntry _ in store.ReadScopeAsync(scope, cancellationToken))
        {
            length++;
        }

        while (true)
        {
            var entries = new JournalEntry[count];
            for (int i = 0; i < count; i++)
            {
                entries[i] = Create(scope, length + i);
            }

            JournalAppendResult result = await store.AppendAsync(scope, length, entries, cancellationToken);
            if (result.IsCommitted)
            {
                return length;
            }

            length = result.CurrentLength;
        }
    }
}
