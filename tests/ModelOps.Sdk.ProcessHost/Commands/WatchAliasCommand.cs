using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.PostgreSql;
using ModelOps.Sdk.Storage;

namespace ModelOps.Sdk.ProcessHost.Commands;

/// <summary>
/// <c>watch-alias &lt;root&gt; &lt;model&gt; &lt;alias&gt; &lt;count&gt;</c>: subscribes to the alias's changes with
/// <see cref="IModelRegistry.WatchAliasAsync"/>, prints <c>watching</c> once the subscription (and, on PostgreSQL, the change
/// listener) is up, then <c>change &lt;version or -&gt; &lt;sequence&gt;</c> for each change, and exits after <c>count</c> changes.
/// </summary>
internal sealed class WatchAliasCommand : IHostCommand
{
    public string Name => "watch-alias";

    public string Usage => "<root> <model> <alias> <count>";

    public int ArgumentCount => 4;

    public async Task<int> RunAsync(string[] arguments, CancellationToken cancellationToken)
    {
        string root = arguments[0], model = arguments[1], alias = arguments[2];
        int count = int.Parse(arguments[3], CultureInfo.InvariantCulture);
        await using ServiceProvider services = HostEntries.Registry(root);
        var registry = services.GetRequiredService<IModelRegistry>();
        await registry.RefreshAsync(cancellationToken);
        await using var changes = registry.WatchAliasAsync(model, alias, cancellationToken).GetAsyncEnumerator(cancellationToken);
        ValueTask<bool> next = changes.MoveNextAsync();
        if (services.GetRequiredService<IModelMetadataStore>() is PostgreSqlMetadataStore store)
        {
            // The registry subscribed when it was built; wait for the listening connection, polling briefly (it is another task's state).
            while (!store.IsListening)
            {
                await Task.Delay(10, cancellationToken);
            }
        }

        Console.WriteLine("watching");
        for (int seen = 0; seen < count; seen++)
        {
            if (!await next)
            {
                return 1;
            }

            AliasChange change = changes.Current;
            string version = change.Version?.ToString(CultureInfo.InvariantCulture) ?? "-";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"change {version} {change.Sequence}"));
            if (seen + 1 < count)
            {
                next = changes.MoveNextAsync();
            }
        }

        return 0;
    }
}
