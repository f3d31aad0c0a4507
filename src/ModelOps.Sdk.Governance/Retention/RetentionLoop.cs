using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.GarbageCollection;
using ModelOps.Sdk.Loops;

namespace ModelOps.Sdk.Governance.Retention;

/// <summary>
/// The hosted retention loop (<c>governance:retention</c>): when <see cref="RetentionOptions.LoopEnabled"/>, applies retention to
/// every model at start and then every <see cref="RetentionOptions.LoopInterval"/> of the injected <see cref="TimeProvider"/>, and
/// after each run collects the artifact store unless <see cref="RetentionOptions.LoopCollectsArtifacts"/> is off. Disabled by
/// default; a disabled loop does nothing and reports that it never ran.
/// </summary>
internal sealed partial class RetentionLoop : IModelOpsLoop, IAsyncDisposable
{
    private readonly IRetentionService _retention;
    private readonly IArtifactCollector _collector;
    private readonly RetentionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly object _gate = new();
    private Task? _loop;
    private volatile ModelOpsLoopStatus _status = ModelOpsLoopStatus.NotStarted;
    private bool _storeNotCollectable;

    public RetentionLoop(IRetentionService retention, IArtifactCollector collector, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionLoop>? logger = null)
    {
        _retention = retention;
        _collector = collector;
        _options = options.Value;
        _time = time;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public string Name => "governance:retention";

    public ModelOpsLoopStatus Status => _status;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var firstRun = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_loop is not null || _stopping.IsCancellationRequested || !_options.LoopEnabled)
            {
                return Task.CompletedTask;
            }

            _loop = Task.Run(() => LoopAsync(firstRun), CancellationToken.None);
        }

        return firstRun.Task.WaitAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task? loop;
        lock (_gate)
        {
            if (!_stopping.IsCancellationRequested)
            {
                _stopping.Cancel();
            }

            loop = _loop;
        }

        if (loop is not null)
        {
            await loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task LoopAsync(TaskCompletionSource firstRun)
    {
        try
        {
            await RunOnceAsync().ConfigureAwait(false);
        }
        finally
        {
            firstRun.TrySetResult();
        }

        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.LoopInterval, _time, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await RunOnceAsync().ConfigureAwait(false);
        }
    }

    private async Task RunOnceAsync()
    {
        try
        {
            // A purge is one registry write, taken whole or not at all: a stop ends the run between purges.
            var result = await _retention.ApplyAsync(null, _options.LoopReason, _stopping.Token).ConfigureAwait(false);
            LogApplied(_logger, result.Purged.Count, result.Skipped.Count);
            await CollectArtifactsAsync().ConfigureAwait(false);
            _status = _status with { LastRunAt = _time.GetUtcNow() };
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            LogStoppedDuringRun(_logger);
        }
#pragma warning disable CA1031 // A failed run (a refusal for want of the purge role included) is reported in the status and the log; the loop runs again at the next interval.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _status = _status with { LastErrorAt = _time.GetUtcNow(), LastError = ex.Message };
            LogRunFailed(_logger, ex);
        }
    }

    private async Task CollectArtifactsAsync()
    {
        if (!_options.LoopCollectsArtifacts || _storeNotCollectable)
        {
            return;
        }

        try
        {
            var collected = await _collector.CollectAsync(dryRun: false, _options.LoopReason, _stopping.Token).ConfigureAwait(false);
            LogCollected(_logger, collected.Collected.Count, collected.BytesFreed);
        }
        catch (ArtifactCollectionUnsupportedException ex)
        {
            // Not a failure of the run: this artifact store keeps everything. Said once, then the loop only applies retention.
            _storeNotCollectable = true;
            LogNotCollectable(_logger, ex.Message);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Retention purged {Purged} version(s) and document(s); {Skipped} planned purge(s) were skipped.")]
    private static partial void LogApplied(ILogger logger, int purged, int skipped);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Retention stopped during a run; what it purged so far stays purged, the rest waits for the next run.")]
    private static partial void LogStoppedDuringRun(ILogger logger);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Retention failed; it runs again at its next interval.")]
    private static partial void LogRunFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Garbage collection after retention deleted {Count} item(s), {Bytes} bytes freed.")]
    private static partial void LogCollected(ILogger logger, int count, long bytes);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "The retention loop does not collect artifacts: {Reason} Purged versions keep their bytes in the artifact store.")]
    private static partial void LogNotCollectable(ILogger logger, string reason);
}
