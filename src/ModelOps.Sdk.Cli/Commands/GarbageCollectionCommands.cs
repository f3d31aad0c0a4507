using System.CommandLine;
using System.Globalization;
using ModelOps.Sdk.Cli.Output;
using ModelOps.Sdk.GarbageCollection;

namespace ModelOps.Sdk.Cli.Commands;

/// <summary>
/// <c>modelops gc [--dry-run]</c>: deletes from the artifact store the blobs nothing unpurged references and the leftovers of killed
/// uploads, older than the grace period (audited, needs the purge role); with <c>--dry-run</c> lists them and deletes nothing.
/// </summary>
internal static class GarbageCollectionCommands
{
    public static Command Create()
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would be deleted and the bytes it would free; delete nothing (needs no role)." };
        var reason = new Option<string?>("--reason") { Description = "Why (recorded in the registry's audit chain with the count and bytes)." };
        var command = new Command(
            "gc",
            "Garbage collection: delete blobs that no unpurged version or document references (purged versions, refused registrations) and "
            + "leftovers of killed uploads, once older than ModelOps:ArtifactGracePeriod (1 day by default). Audited, needs the purge role: "
            + $"exit code {ExitCodes.Refused} otherwise; exit code {ExitCodes.NotCollectable} if the artifact store cannot be collected.")
        {
            dryRun, reason,
        };
        CommandAction.Set(command, async (parse, session, ct) =>
        {
            var collected = await session.Collector
                .CollectAsync(parse.GetValue(dryRun), parse.GetValue(reason), ct).ConfigureAwait(false);
            var result = CollectionResult.From(collected);
            session.Output.Result(result, text => Write(text, result));
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Write(TextWriter text, CollectionResult result)
    {
        var verb = result.DryRun ? "would be deleted" : "deleted";
        if (result.Collected.Count == 0)
        {
            text.WriteLine($"Nothing {verb}: {result.StoredBlobs.ToString(CultureInfo.InvariantCulture)} blob(s) stored, grace period {result.GracePeriod:c}.");
            return;
        }

        var table = new TextTable("NAME", "BYTES", "LAST MODIFIED", "WHY");
        foreach (var item in result.Collected)
        {
            table.Add(item.Name, item.Length.ToString(CultureInfo.InvariantCulture), CommandArguments.Format(item.LastModified), item.Explanation);
        }

        text.Write(table);
        text.WriteLine($"{result.Collected.Count.ToString(CultureInfo.InvariantCulture)} item(s) {verb}, {result.BytesFreed.ToString(CultureInfo.InvariantCulture)} bytes "
            + (result.DryRun ? "would be freed" : "freed") + $" (of {result.StoredBlobs.ToString(CultureInfo.InvariantCulture)} blob(s) stored; grace period {result.GracePeriod:c}).");
        foreach (var kept in result.KeptAsRecommitted)
        {
            text.WriteLine($"Kept {kept}: committed again by a registration during the collection.");
        }
    }

    /// <summary>The JSON result of <c>gc</c>.</summary>
    internal sealed record CollectionResult(
        bool DryRun,
        DateTimeOffset StartedAt,
        TimeSpan GracePeriod,
        int StoredBlobs,
        IReadOnlyList<CollectedItem> Collected,
        IReadOnlyList<string> KeptAsRecommitted,
        long BytesFreed)
    {
        public static CollectionResult From(ArtifactCollectionResult result) =>
            new(result.DryRun, result.StartedAt, result.GracePeriod, result.StoredBlobs, result.Collected, result.KeptAsRecommitted, result.BytesFreed);
    }
}
