using System.Globalization;
using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Storage.FileSystem;

namespace ModelOps.Sdk.ProcessHost.Commands;

/// <summary>
/// <c>upload-then-hang &lt;root&gt; &lt;bytes&gt;</c>: writes that many bytes (0, 1, 2, ... 255, 0, ...) into an upload without committing,
/// prints <c>HANG</c>, and waits for a line on standard input, so a test can kill it mid-upload.
/// </summary>
internal sealed class UploadThenHangCommand : IHostCommand
{
    public string Name => "upload-then-hang";

    public string Usage => "<root> <bytes>";

    public int ArgumentCount => 2;

    public async Task<int> RunAsync(string[] arguments, CancellationToken cancellationToken)
    {
        string root = arguments[0];
        long size = long.Parse(arguments[1], CultureInfo.InvariantCulture);
        var store = new FileSystemArtifactStore(HostEntries.Options(root));
        await using IArtifactUpload upload = await store.BeginUploadAsync(cancellationToken);

        byte[] block = new byte[64 * 1024];
        for (int i = 0; i < block.Length; i++)
        {
            block[i] = (byte)i;
        }

        for (long written = 0; written < size; written += block.Length)
        {
            int count = (int)Math.Min(block.Length, size - written);
            await upload.Content.WriteAsync(block.AsMemory(0, count), cancellationToken);
        }

        await upload.Content.FlushAsync(cancellationToken);
        Console.WriteLine("HANG");
        await Console.In.ReadLineAsync(cancellationToken);
        return 0;
    }
}
