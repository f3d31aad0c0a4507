using System.Globalization;
using ModelOps.Sdk.Storage.FileSystem;

namespace ModelOps.Sdk.ProcessHost.Commands;

/// <summary>
/// <c>append &lt;root&gt; &lt;scope&gt; &lt;count&gt;</c>: appends <c>count</c> entries one at a time, each at the scope's current end
/// (compare-and-append, re-reading the length on conflict), and prints <c>index N</c> for each index it got.
/// </summary>
internal sealed class AppendCommand : IHostCommand
{
    public string Name => "append";

    public string Usage => "<root> <scope> <count>";

    public int ArgumentCount => 3;

    public async Task<int> RunAsync(string[] arguments, CancellationToken cancellationToken)
    {
        string root = arguments[0], scope = arguments[1];
        int count = int.Parse(arguments[2], CultureInfo.InvariantCulture);
        using var store = new FileSystemMetadataStore(HostEntries.Options(root));
        for (int i = 0; i < count; i++)
        {
            long index = await HostEntries.AppendAtEndAsync(store, scope, 1, cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"index {index}"));
        }

        return 0;
    }
}
