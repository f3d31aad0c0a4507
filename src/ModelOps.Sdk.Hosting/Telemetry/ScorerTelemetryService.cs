using Microsoft.Extensions.DependencyInjection;
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

    private readonly IServiceProvider _services;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly List<ScorerTelemetrySnapshot> _pending = [];
    private readonly SemaphoreSlim _saving = new(1, 1);
    private IModelRegistry? _registry;
    private TimeSpan _interval;
    private string _instanceId = ModelOpsOptions.DefaultInstanceId;
    private ScorerTelemetryListener? _listener;
    private DateTimeOffset _periodStart;

    // The options and the registry are read at start, not here: the host builds its hosted services before it validates the
    // options, and creating the registry (or reading invalid options) then would replace the host's one aggregated error.
    public ScorerTelemetryService(IServiceProvider services, TimeProvider time, ILogger<ScorerTelemetryService> logger)
    {
        _services = services;
        _time = time;
        _logger = logger;
    }

    /// <summary>Gets the document name an instance's snapshots are saved under: <c>scorer-telemetry.&lt;instance id&gt;</c>.</summary>
    public static string DocumentName(string instanceId) => $"{DocumentNamePrefix}.{instanceId}";

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _interval = _services.GetRequiredService<IOptions<ModelOpsHostingOptions>>().Value.ScorerTelemetryInterval;
        if (_interval <= TimeSpan.Zero)
        {
            return Task.CompletedTask;
        }

        _instanceId = _services.GetRequiredService<IOptions<ModelOpsOptions>>().Value.InstanceId ?? ModelOpsOptions.DefaultInstanceId;
        _registry = _services.GetRequiredService<IModelRegistry>();

        // Listening before the application serves (the web server starts after the hosted services), so no call is missed.
        _listener = new ScorerTelemetryListener();

        // Taken here, not in ExecuteAsync: the host runs ExecuteAsync on the thread pool, and a late start must not move the
        // calls served meanwhile into the next period.
        _periodStart = PeriodStart(_time.GetUtcNow());
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_listener is null)
        {
            return;
        }

        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await SaveAsync(_periodStart).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _listener?.Dispose();
        _listener = null;
        _saving.Dispose();
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
    // One save at a time: the period's save and the stopping host's may overlap, and both take from the pending snapshots.
    private async Task SaveAsync(DateTimeOffset periodStart)
    {
        await _saving.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await SaveLockedAsync(periodStart).ConfigureAwait(false);
        }
        finally
        {
            _saving.Release();
        }
    }

    private async Task SaveLockedAsync(DateTimeOffset periodStart)
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
        foreach (var snapshot in _pending.ToArray())
        {
            try
            {
                await _registry!.AttachDocumentAsync(
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
