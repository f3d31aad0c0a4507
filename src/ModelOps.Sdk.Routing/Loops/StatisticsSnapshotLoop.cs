using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Routing.Statistics;

namespace ModelOps.Sdk.Routing.Loops;

/// <summary>
/// <c>routing:statistics</c>: every <see cref="RoutingLoopsOptions.StatisticsSnapshotInterval"/>, and once more when it stops, stores
/// this instance's statistics of each experiment (<see cref="ExperimentRecorders.Snapshot"/> into <see cref="ExperimentStatisticsStore"/>),
/// skipping a snapshot that has not changed since the last one stored, so every instance can evaluate on the fleet's traffic.
/// </summary>
internal sealed partial class StatisticsSnapshotLoop(
    ExperimentCatalog catalog,
    ExperimentRecorders recorders,
    ExperimentStatisticsStore store,
    IOptions<RoutingLoopsOptions> options,
    TimeProvider time,
    ILogger<StatisticsSnapshotLoop>? logger = null)
    : RoutingLoop("routing:statistics", options.Value.StatisticsSnapshotsEnabled, options.Value.StatisticsSnapshotInterval, time, logger)
{
    private readonly ConcurrentDictionary<(string Model, string Experiment), byte[]> _saved = new();

    protected override Task RunAsync(CancellationToken cancellationToken) => SaveAllAsync(stopping: false, cancellationToken);

    /// <summary>The last snapshot: every call recorded until the host stopped serving is stored.</summary>
    protected override Task OnStoppedAsync(CancellationToken cancellationToken) => SaveAllAsync(stopping: true, cancellationToken);

    private async Task SaveAllAsync(bool stopping, CancellationToken cancellationToken)
    {
        foreach (var definition in await catalog.LoadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!stopping && Stopping.IsCancellationRequested)
            {
                return;
            }

            var snapshot = recorders.Snapshot(definition.ModelName, definition.Name);
            if (snapshot.Arms.Count == 0)
            {
                continue;
            }

            var key = (definition.ModelName, definition.Name);
            var content = (snapshot with { CapturedAt = default }).ToUtf8Json();
            if (_saved.TryGetValue(key, out var previous) && previous.AsSpan().SequenceEqual(content))
            {
                continue;
            }

            await store.SaveAsync(definition.ModelName, snapshot, cancellationToken).ConfigureAwait(false);
            _saved[key] = content;
            LogSaved(Logger, definition.ModelName, definition.Name, snapshot.Arms.Count);
        }
    }

    [LoggerMessage(EventId = 130, Level = LogLevel.Debug, Message = "Stored this instance's statistics of {Model}/{Experiment} ({Arms} arm versions).")]
    private static partial void LogSaved(ILogger logger, string model, string experiment, int arms);
}
