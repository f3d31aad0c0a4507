using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace ModelOps.Sdk.ProcessHost.Commands;

/// <summary>
/// <c>hold-artifact &lt;root&gt; &lt;model&gt; &lt;version&gt;</c>: opens the version's artifact through the registry (which, on S3,
/// downloads it into the cache and opens the cached file), prints <c>OPEN</c>, waits for a line on standard input, then reads the
/// artifact to its end through the registry's verifying stream and prints <c>read &lt;bytes&gt;</c>; so a test can evict around
/// an artifact another process has open and then check that process still reads every verified byte.
/// </summary>
internal sealed class HoldArtifactCommand : IHostCommand
{
    public string Name => "hold-artifact";

    public string Usage => "<root> <model> <version>";

    public int ArgumentCount => 3;

    public async Task<int> RunAsync(string[] arguments, CancellationToken cancellationToken)
    {
        string root = arguments[0], model = arguments[1];
        int version = int.Parse(arguments[2], CultureInfo.InvariantCulture);
        await using ServiceProvider services = HostEntries.Registry(root);
        var registry = services.GetRequiredService<IModelRegistry>();
        await using Stream artifact = await registry.OpenArtifactAsync(model, version, cancellationToken);
        Console.WriteLine("OPEN");
        await Console.In.ReadLineAsync(cancellationToken);
        long total = 0;
        byte[] buffer = new byte[81920];
        int read;
        while ((read = await artifact.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"read {total}"));
        return 0;
    }
}
