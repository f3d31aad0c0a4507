using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Security;

namespace ModelOps.Sdk.Cli.Tests.Infrastructure;

/// <summary>
/// A working directory with an <c>appsettings.json</c> that points the tool at a fresh filesystem registry inside it, and helpers
/// to run the tool there as a given principal.
/// </summary>
internal sealed class TemporaryRegistry : IDisposable
{
    public TemporaryRegistry(object? governance = null)
    {
        Directory = Path.Combine(Path.GetTempPath(), "modelops-cli-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        StorePath = Path.Combine(Directory, "registry");
        var settings = new Dictionary<string, object?>
        {
            ["Store"] = new { Path = StorePath },
            ["Governance"] = governance ?? new { Gates = new object[] { new { Type = "metric-threshold", Metric = "auc", Minimum = 0.8 } } },
        };
        File.WriteAllText(Path.Combine(Directory, "appsettings.json"), JsonSerializer.Serialize(settings));
    }

    public string Directory { get; }

    public string StorePath { get; }

    /// <summary>Runs the tool in this directory as <paramref name="actor"/> holding <paramref name="roles"/> (through options).</summary>
    public Task<ToolRun> RunAsAsync(string actor, string roles, params string[] arguments) =>
        ToolProcess.RunAsync(Directory, new Dictionary<string, string>(), [.. arguments, "--actor", actor, "--roles", roles]);

    /// <summary>Runs the tool in this directory with only the given environment.</summary>
    public Task<ToolRun> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        ToolProcess.RunAsync(Directory, environment, arguments);

    /// <summary>Writes a file in the directory and returns its path.</summary>
    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>
    /// Registers a version as <paramref name="actor"/> with the given AUC, in process through the SDK's public API (the same store
    /// the tool opens), and returns its number.
    /// </summary>
    public async Task<int> RegisterAsync(string model, double auc, string actor = "alice")
    {
        var services = new ServiceCollection();
        services.AddSingleton<IActorAccessor>(new NamedActorAccessor(actor));
        services.AddModelOps().UseFileSystem(StorePath);
        await using var provider = services.BuildServiceProvider();
        var version = await provider.GetRequiredService<IModelRegistry>().RegisterAsync(new ModelVersionRegistration
        {
            ModelName = model,
            Flavor = "sklearn",
            Artifact = new MemoryStream(Encoding.UTF8.GetBytes($"model {model} auc {auc} {Guid.NewGuid()}")),
            Metrics = new Dictionary<string, double> { ["auc"] = auc },
            Tags = new Dictionary<string, string> { ["owner"] = "risk-team" },
            Signature = new ModelSignature([new SignatureField("income", "float32")], [new SignatureField("score", "float32")]),
        });
        return version.Version;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp directory left behind is harmless.
        }
    }
}
