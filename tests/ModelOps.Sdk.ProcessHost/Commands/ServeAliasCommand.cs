using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.PostgreSql;
using ModelOps.Sdk.ProcessHost.Flavors;
using ModelOps.Sdk.Scoring;
using ModelOps.Sdk.Storage;

namespace ModelOps.Sdk.ProcessHost.Commands;

/// <summary>
/// <c>serve-alias &lt;root&gt; &lt;model&gt; &lt;alias&gt;</c>: a scoring service in miniature. Creates a scorer of the
/// <see cref="OffsetFlavor"/> that follows the alias, prints <c>serving &lt;version&gt;</c> once it has scored with it (and, on
/// PostgreSQL, the change listener is up), then answers commands read from standard input, one per line, until it ends:
/// <c>score &lt;x&gt;</c> prints <c>scored &lt;output&gt; &lt;version&gt;</c> (the version that made the prediction);
/// <c>resolve</c> prints <c>alias &lt;version&gt; &lt;sequence&gt;</c> as this process's registry resolves the alias now.
/// </summary>
internal sealed class ServeAliasCommand : IHostCommand
{
    public string Name => "serve-alias";

    public string Usage => "<root> <model> <alias>";

    public int ArgumentCount => 3;

    public async Task<int> RunAsync(string[] arguments, CancellationToken cancellationToken)
    {
        string root = arguments[0], model = arguments[1], alias = arguments[2];
        await using ServiceProvider services = HostEntries.Registry(root);
        var registry = services.GetRequiredService<IModelRegistry>();
        await using IModelScorer<OffsetInput, OffsetOutput> scorer = await services.GetRequiredService<IModelScorerFactory>()
            .CreateScorerAsync<OffsetInput, OffsetOutput>(model, alias, cancellationToken);
        ScoredPrediction<OffsetOutput> first = await scorer.ScoreAsync(new OffsetInput { Value = 0 }, cancellationToken);
        if (services.GetRequiredService<IModelMetadataStore>() is PostgreSqlMetadataStore store)
        {
            // The registry subscribed when it was built; wait for the listening connection, polling briefly (it is another task's state).
            while (!store.IsListening)
            {
                await Task.Delay(10, cancellationToken);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"serving {first.Model.Version}"));
        while (await Console.In.ReadLineAsync(cancellationToken) is { } line)
        {
            string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            switch (words)
            {
                case ["score", var value]:
                    ScoredPrediction<OffsetOutput> scored = scorer.Score(new OffsetInput { Value = double.Parse(value, CultureInfo.InvariantCulture) });
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"scored {scored.Value.Value} {scored.Model.Version}"));
                    break;
                case ["resolve"]:
                    ModelAlias resolved = await registry.ResolveAliasAsync(model, alias, cancellationToken);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"alias {resolved.Version} {resolved.Sequence}"));
                    break;
                default:
                    await Console.Error.WriteLineAsync($"serve-alias: unknown command '{line}' (use 'score <x>' or 'resolve')");
                    return 2;
            }
        }

        return 0;
    }
}
