using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Routing.Assignment;
using ModelOps.Sdk.Routing.Control;

namespace ModelOps.Sdk.ProcessHost.Commands;

/// <summary>
/// <c>sticky-arms &lt;root&gt; &lt;model&gt; &lt;experiment&gt; &lt;keys-file&gt;</c>: reads the experiment's stored definition from
/// the registry at <c>root</c> (as a restarted instance would), assigns every key in the file (one per line) with sticky
/// assignment and prints <c>key arm</c> per line, then <c>done</c>.
/// </summary>
internal sealed class StickyArmsCommand : IHostCommand
{
    public string Name => "sticky-arms";

    public string Usage => "<root> <model> <experiment> <keys-file>";

    public int ArgumentCount => 4;

    public async Task<int> RunAsync(string[] arguments, CancellationToken cancellationToken)
    {
        string root = arguments[0], model = arguments[1], experiment = arguments[2], keysFile = arguments[3];
        await using ServiceProvider services = HostEntries.Registry(root);
        var store = new ExperimentStore(services.GetRequiredService<IModelRegistry>(), TimeProvider.System);
        var definition = await store.LoadAsync(model, experiment, cancellationToken)
            ?? throw new InvalidOperationException($"Experiment '{experiment}' of model '{model}' is not stored at {root}.");
        var assigner = new ArmAssigner(definition);
        foreach (string key in await File.ReadAllLinesAsync(keysFile, cancellationToken))
        {
            Console.WriteLine($"{key} {assigner.ArmNames[assigner.AssignSticky(key)]}");
        }

        Console.WriteLine("done");
        return 0;
    }
}
