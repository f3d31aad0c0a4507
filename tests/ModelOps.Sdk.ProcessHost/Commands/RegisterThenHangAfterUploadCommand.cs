using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace ModelOps.Sdk.ProcessHost.Commands;

/// <summary>
/// <c>register-then-hang-after-upload &lt;root&gt; &lt;model&gt; &lt;megabytes&gt; &lt;seed&gt;</c>: registers one version whose
/// artifact is that many MiB of seeded pseudo-random bytes through an artifact store wrapped in a
/// <see cref="HaltAfterUploadArtifactStore"/>: once the upload is committed (the bytes are stored under their hash) and before the
/// registry appends the version, it prints <c>UPLOADED &lt;sha256&gt;</c> and blocks reading standard input, so a test can kill the
/// process exactly between the two.
/// </summary>
/// <remarks>If standard input yields a line or ends, the registration fails, so the process never commits the version.</remarks>
internal sealed class RegisterThenHangAfterUploadCommand : IHostCommand
{
    public string Name => "register-then-hang-after-upload";

    public string Usage => "<root> <model> <megabytes> <seed>";

    public int ArgumentCount => 4;

    public async Task<int> RunAsync(string[] arguments, CancellationToken cancellationToken)
    {
        string root = arguments[0], model = arguments[1];
        int length = int.Parse(arguments[2], CultureInfo.InvariantCulture) * 1024 * 1024;
        int seed = int.Parse(arguments[3], CultureInfo.InvariantCulture);
        await using ServiceProvider services = HostEntries.Registry(root, inner => new HaltAfterUploadArtifactStore(inner));
        var registry = services.GetRequiredService<IModelRegistry>();
        await registry.RegisterAsync(new ModelVersionRegistration { ModelName = model, Flavor = "test", Artifact = new MemoryStream(SeededBytes(length, seed)) }, cancellationToken);
        Console.WriteLine("registered"); // never reached: the halted commit throws once released
        return 0;
    }

    /// <summary>The artifact's bytes; the tests compute the same bytes to know the hash.</summary>
    public static byte[] SeededBytes(int length, int seed)
    {
        var bytes = new byte[length];
#pragma warning disable CA5394 // test data, not security
        new Random(seed).NextBytes(bytes);
#pragma warning restore CA5394
        return bytes;
    }
}
