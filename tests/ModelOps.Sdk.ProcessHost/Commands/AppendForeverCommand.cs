using System.Globalization;
using ModelOps.Sdk.Storage.FileSystem;

namespace ModelOps.Sdk.ProcessHost.Commands;

/// <summary>
/// <c>append-forever &lt;root&gt; &lt;scope&gt;</c>: appends batches of 1, 2 and 3 entries in turn until the process is killed,
/// printing <c>appended N</c> (the scope's length) after each committed batch.
/// </summary>
internal sealed class AppendForeverCommand : IHostCommand
{
    public string Name => "append-forever";

    public string Usage => "<root> <scope>";

    public int ArgumentCount => 2;

    public async Task<int> RunAsync(string[] arguments, CancellationToken cancellationToken)
    {
        string root = arguments[0], scope = arguments[1];
        using var store = new FileSystemMetadataStore(HostEntries.Options(root));
        for (int batch = 0; !cancellationToken.IsCancellationRequested; batch++)
        {
            int size = (batch % 3) + 1;
            long first = await HostEntries.AppendAtEndAsync(store, scope, size, cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"appended {first + size}"));
        }

        return 0;
    }
}
