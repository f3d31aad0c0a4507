using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace ModelOps.Sdk.ProcessHost.Commands;

/// <summary>
/// <c>move-alias &lt;root&gt; &lt;model&gt; &lt;alias&gt; &lt;version&gt; &lt;reason&gt;</c>: points the alias at the version with
/// <see cref="IModelRegistry.SetAliasAsync"/> and prints <c>sequence N</c>, the registry sequence number of the change.
/// </summary>
internal sealed class MoveAliasCommand : IHostCommand
{
    public string Name => "move-alias";

    public string Usage => "<root> <model> <alias> <version> <reason>";

    public int ArgumentCount => 5;

    public async Task<int> RunAsync(string[] arguments, CancellationToken cancellationToken)
    {
        string root = arguments[0], model = arguments[1], alias = arguments[2], reason = arguments[4];
        int version = int.Parse(arguments[3], CultureInfo.InvariantCulture);
        await using ServiceProvider services = HostEntries.Registry(root);
        var registry = services.GetRequiredService<IModelRegistry>();
        ModelAlias moved = await registry.SetAliasAsync(model, alias, version, reason, cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sequence {moved.Sequence}"));
        return 0;
    }
}
