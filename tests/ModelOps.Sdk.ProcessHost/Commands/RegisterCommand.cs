using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;

namespace ModelOps.Sdk.ProcessHost.Commands;

/// <summary>
/// <c>register &lt;root&gt; &lt;model&gt; &lt;count&gt;</c>: registers <c>count</c> versions of a model through a registry built with
/// <c>AddModelOps().UseFileSystem(root)</c>, each with a small artifact of its own (<c>&lt;pid&gt;:&lt;i&gt;</c>) and the tags
/// <c>writer=&lt;pid&gt;</c> and <c>index=&lt;i&gt;</c>; prints <c>version N</c> for each version number it got, then <c>done</c>.
/// </summary>
internal sealed class RegisterCommand : IHostCommand
{
    public string Name => "register";

    public string Usage => "<root> <model> <count>";

    public int ArgumentCount => 3;

    public async Task<int> RunAsync(string[] arguments, CancellationToken cancellationToken)
    {
        string root = arguments[0], model = arguments[1];
        int count = int.Parse(arguments[2], CultureInfo.InvariantCulture);
        string writer = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        await using ServiceProvider services = HostEntries.Registry(root);
        var registry = services.GetRequiredService<IModelRegistry>();
        for (int i = 0; i < count; i++)
        {
            string index = i.ToString(CultureInfo.InvariantCulture);
            ModelVersion version = await registry.RegisterAsync(
                new ModelVersionRegistration
                {
                    ModelName = model,
                    Flavor = "test",
                    Artifact = new MemoryStream(Encoding.UTF8.GetBytes($"{writer}:{index}")),
                    Tags = new Dictionary<string, string> { ["writer"] = writer, ["index"] = index },
                },
                cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"version {version.Version}"));
        }

        Console.WriteLine("done");
        return 0;
    }
}
