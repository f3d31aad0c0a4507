using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace ModelOps.Sdk.ProcessHost.Commands;

/// <summary>
/// <c>register-large-then-hang &lt;root&gt; &lt;model&gt; &lt;megabytes&gt;</c>: registers one version whose artifact is a
/// <see cref="HaltingArtifactStream"/> of that many MiB; once the registry has read about half of it, the stream prints
/// <c>HALFWAY</c> and blocks reading standard input, so a test can kill the process in the middle of the artifact.
/// </summary>
/// <remarks>
/// If standard input yields a line or ends (the test released it or died) the registration fails, so the process never commits.
/// </remarks>
internal sealed class RegisterLargeThenHangCommand : IHostCommand
{
    public string Name => "register-large-then-hang";

    public string Usage => "<root> <model> <megabytes>";

    public int ArgumentCount => 3;

    public async Task<int> RunAsync(string[] arguments, CancellationToken cancellationToken)
    {
        string root = arguments[0], model = arguments[1];
        long length = long.Parse(arguments[2], CultureInfo.InvariantCulture) * 1024 * 1024;
        await using ServiceProvider services = HostEntries.Registry(root);
        var registry = services.GetRequiredService<IModelRegistry>();
        await using var artifact = new HaltingArtifactStream(length, seed: Environment.ProcessId);
        await registry.RegisterAsync(new ModelVersionRegistration { ModelName = model, Flavor = "test", Artifact = artifact }, cancellationToken);
        Console.WriteLine("registered"); // only reached if the stream was released, which makes it throw first
        return 0;
    }
}
