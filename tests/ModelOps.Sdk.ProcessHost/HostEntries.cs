using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Storage.FileSystem;

namespace ModelOps.Sdk.ProcessHost;

/// <summary>Helpers shared by the commands: opening stores and registries, and making entries.</summary>
internal static class HostEntries
{
    public static FileSystemStorageOptions Options(string root) => new() { RootPath = root, LockTimeout = TimeSpan.FromMinutes(2) };

    /// <summary>
    /// Builds a registry over the filesystem store at <paramref name="root"/>, the way an application would; when the environment
    /// variable <c>MODELOPS_HOST_POSTGRES</c> holds a connection string, the metadata goes to PostgreSQL instead (schema from
    /// <c>MODELOPS_HOST_POSTGRES_SCHEMA</c>) and only artifacts stay under <paramref name="root"/>. <c>MODELOPS_HOST_POLL_INTERVAL</c>
    /// (a TimeSpan) overrides the registry's change poll interval.
    /// </summary>
    /// <returns>The provider; dispose it to dispose the registry.</returns>
    public static ServiceProvider Registry(string root)
    {
        var services = new ServiceCollection();
        var builder = services.AddModelOps(options =>
            {
                if (Environment.GetEnvironmentVariable("MODELOPS_HOST_POLL_INTERVAL") is { Length: > 0 } interval)
                {
                    options.ChangePollInterval = TimeSpan.Parse(interval, CultureInfo.InvariantCulture);
                }
            })
            .UseFileSystem(root, options => options.LockTimeout = TimeSpan.FromMinutes(2));
        if (Environment.GetEnvironmentVariable("MODELOPS_HOST_POSTGRES") is { Length: > 0 } connectionString)
        {
            builder.UsePostgreSql(options =>
            {
                options.ConnectionString = connectionString;
                options.Schema = Environment.GetEnvironmentVariable("MODELOPS_HOST_POSTGRES_SCHEMA") ?? options.Schema;
            });
        }

        return services.BuildServiceProvider();
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
