using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;

namespace ModelOps.Sdk.ProcessHost.Commands;

/// <summary>
/// <c>register-lines &lt;root&gt; &lt;model&gt;</c>: reads lines from standard input and registers a version of the model for each,
/// whose artifact is the line's text (so a line sent twice deduplicates onto the blob stored for the first); prints
/// <c>version N</c> after each registration, and ends at the end of standard input.
/// </summary>
internal sealed class RegisterLinesCommand : IHostCommand
{
    public string Name => "register-lines";

    public string Usage => "<root> <model>";

    public int ArgumentCount => 2;

    public async Task<int> RunAsync(string[] arguments, CancellationToken cancellationToken)
    {
        string root = arguments[0], model = arguments[1];
        await using ServiceProvider services = HostEntries.Registry(root);
        var registry = services.GetRequiredService<IModelRegistry>();
        while (await Console.In.ReadLineAsync(cancellationToken) is { } line)
        {
            ModelVersion version = await registry.RegisterAsync(
                new ModelVersionRegistration { ModelName = model, Flavor = "test", Artifact = new MemoryStream(Encoding.UTF8.GetBytes(line)) },
                cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"version {version.Version}"));
        }

        return 0;
    }
}
