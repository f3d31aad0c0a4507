using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Telemetry;

namespace ModelOps.Sdk.Hosting.Telemetry;

/// <summary>
/// Saves this instance's scorer telemetry (<see cref="ScorerTelemetrySnapshot"/>) at the end of each aligned period of
/// <see cref="ModelOpsHostingOptions.ScorerTelemetryInterval"/>, one snapshot per version that served or failed a call, as a revision
/// of the version's <see cref="DocumentKinds.ScorerTelemetry"/> document <c>scorer-telemetry.&lt;instance id&gt;</c>; and the
/// period's counts so far when the host stops.
/// </summary>
/// <remarks>
/// Calls are counted in the period in which they are collected: those served between a period's end and the timer firing (a few
/// milliseconds on a loaded machine) count in the period that just ended. A snapshot that cannot be saved (the store is unavailable)
/// is kept and saved again with the next period's, so no count is lost while the process lives.
/// </remarks>
internal sealed partial class ScorerTelemetryService : BackgroundService
{
    /// <summary>The document name's prefix; the instance id follows.</summary>
    public const string DocumentNamePrefix = "scorer-telemetry";

    private readonly IModelRegistry _registry;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly string _instanceId;
    private readonly ILogger _logger;
    private readonly List<ScorerTelemetrySnapshot> _pending = [];
    private ScorerTelemetryListener? _listener;
    private DateTimeOffset _periodStart;

    public ScorerTelemetryService(IModelRegistry registry, IOptions<ModelOpsHostingOptions> hosting, IOptions<ModelOpsOptions> modelOps, TimeProvider time, ILogger<ScorerTelemetryService> logger)
    {
        _registry = registry;
        _time = time;
        _interval = hosting.Value.ScorerTelemetryInterval;
        _instanceId = modelOps.Value.InstanceId ?? ModelOpsOptions.DefaultInstanceId;
        _logger = logger;

        // Listening from construction (the host builds hosted services before any scorer serves), so no early call is missed.
        _listener = _interval > TimeSpan.Zero ? new ScorerTelemetryListener() : null;
    }

    /// <summary>Gets the document name an instance's snapshots are saved under: <c>scorer-telemetry.&lt;instance id&gt;</c>.</summary>
    public static string DocumentName(string instanceId) => $"{DocumentNamePrefix}.{instanceId}";

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Taken here, not in ExecuteAsync: the host runs ExecuteAsync on the thread pool, and a late start must not move the
        // calls served meanwhile into the next period.
        _periodStart = PeriodStart(_time.GetUtcNow());
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_listener is not null)
        {
            await SaveAsync(_periodStart).ConfigureAwait(false);
        }
    }

    public override void Dispose()
    {
        _listener?.Dispose();
        _listener = null;
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_listener is null)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var end = _periodStart + _interval;
            try
            {
                await Task.Delay(Max(end - _time.GetUtcNow(), TimeSpan.Zero), _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await SaveAsync(_periodStart).ConfigureAwait(false);

            // The period the clock is in now: periods in which the process served nothing (a suspended machine) are skipped.
            _periodStart = PeriodStart(_time.GetUtcNow());
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private DateTimeOffset PeriodStart(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % _interval.Ticks), TimeSpan.Zero);

    // Saved without cancellation: the counts of a stopping host are written, not dropped.
    private async Task SaveAsync(DateTimeOffset periodStart)
    {
        foreach (var delta in _listener!.Collect())
        {
            _pending.Add(new ScorerTelemetrySnapshot
            {
                Instances = [_instanceId],
                ModelName = delta.ModelName,
                ModelVersion = delta.ModelVersion,
                PeriodStart = periodStart,
                PeriodEnd = periodStart + _interval,
                Calls = delta.Calls,
                Errors = delta.Errors,
                Latency = delta.Latency,
            });
        }

        var saved = 0;
        foreach (var snapshot in _pending)
        {
            try
            {
                await _registry.AttachDocumentAsync(
                    new DocumentAttachment
                    {
                        ModelName = snapshot.ModelName,
                        Version = snapshot.ModelVersion,
                        Kind = DocumentKinds.ScorerTelemetry,
                        Name = DocumentName(_instanceId),
                        MediaType = "application/json",
                        Content = snapshot.ToJson(),
                        Reason = $"scorer telemetry {snapshot.PeriodStart:o} to {snapshot.PeriodEnd:o} on instance {_instanceId}",
                    },
                    CancellationToken.None).ConfigureAwait(false);
                saved++;
            }
            catch (Exception ex) when (ex is ModelNotFoundException or ModelVersionNotFoundException or ModelVersionPurgedException)
            {
                // The version is gone: there is nothing to attach its counts to.
                LogVersionGone(snapshot.ModelName, snapshot.ModelVersion, ex.Message);
                saved++;
            }
            catch (Exception ex) when (ex is StorageUnavailableException or IOException)
            {
                LogSaveFailed(snapshot.ModelName, snapshot.ModelVersion, ex.Message);
                break;
            }
        }

        _pending.RemoveRange(0, saved);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "The scorer telemetry of '{Model}' version {Version} could not be saved and is kept for the next period: {Reason}")]
    private partial void LogSaveFailed(string model, int version, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "The scorer telemetry of '{Model}' version {Version} is dropped: the version no longer exists ({Reason})")]
    private partial void LogVersionGone(string model, int version, string reason);
}
