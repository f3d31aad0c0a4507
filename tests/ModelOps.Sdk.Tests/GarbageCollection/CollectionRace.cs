using System.Diagnostics;
using System.Globalization;
using ModelOps.Sdk.GarbageCollection;
using ModelOps.Sdk.Tests.Processes;

namespace ModelOps.Sdk.Tests.GarbageCollection;

/// <summary>
/// The race of the garbage-collection race tests, for any artifact store (linked into the S3 tests): a child process registers
/// versions of model <c>credit</c> one line at a time (<c>register-lines</c>) while this process collects in a loop and purges the
/// version of every new content. Content whose only version was purged is sent again once older than the grace period, so the child
/// deduplicates onto a blob the collector may be deleting at that moment: that version is kept, and must keep its blob.
/// </summary>
internal static class CollectionRace
{
    /// <summary>Runs until 30 versions were kept and at least 5 blobs collected, then lets the child exit and stops collecting.</summary>
    public static async Task<CollectionRaceResult> RunAsync(IModelRegistry registry, IArtifactCollector collector, HostProcess child, TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        using var stopCollecting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var collected = 0;
        var collections = 0;
        var collecting = Task.Run(async () =>
        {
            while (!stopCollecting.IsCancellationRequested)
            {
                var result = await collector.CollectAsync(dryRun: false, "race test", CancellationToken.None);
                Interlocked.Add(ref collected, result.Collected.Count);
                Interlocked.Increment(ref collections);
            }
        }, CancellationToken.None);

        // Content whose only version was purged, with when it was registered (this process's clock, as the store's).
        var purgedContent = new Dictionary<string, long>(StringComparer.Ordinal);
        var kept = new List<int>();
        var registered = new List<int>();
        for (var round = 0; kept.Count < 30 || Volatile.Read(ref collected) < 5; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var old = purgedContent.FirstOrDefault(p => Stopwatch.GetElapsedTime(p.Value) > gracePeriod).Key;
            var content = old ?? "content " + round.ToString(CultureInfo.InvariantCulture);

            await child.WriteLineAsync(content);
            var line = await child.ReadLineAsync(cancellationToken);
            var version = int.Parse(line["version ".Length..], CultureInfo.InvariantCulture);
            registered.Add(version);
            if (old is not null)
            {
                purgedContent.Remove(old);
                kept.Add(version);
            }
            else
            {
                purgedContent[content] = Stopwatch.GetTimestamp();
                await registry.RefreshAsync(cancellationToken); // the child's version, which this instance may not have polled yet
                await registry.PurgeVersionAsync("credit", version, "race test", cancellationToken);
            }
        }

        child.CloseInput();
        await child.ReadToExitAsync(cancellationToken);
        await stopCollecting.CancelAsync();
        await collecting;
        return new CollectionRaceResult(kept, registered, collections);
    }
}

/// <summary>What a <see cref="CollectionRace"/> did: the versions registered again onto purged content (kept), every version the child
/// registered, and how many collections ran.</summary>
internal sealed record CollectionRaceResult(IReadOnlyList<int> Kept, IReadOnlyList<int> Registered, int Collections);
