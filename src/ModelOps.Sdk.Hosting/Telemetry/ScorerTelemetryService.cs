using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Telemetry;

namespace ModelOps.Sdk.Hosting.Telemetry;

/// <summary>
/// Saves this instance's scorer telemetry at the end of each aligned period of <see cref="ModelOpsHostingOptions.ScorerTelemetryInterval"/>,
/// one <see cref="ScorerTelemetrySnapshot"/> per version that served or failed a call, and the period's counts so far when the host
/// stops. A version's snapshots go into a <see cref="ScorerTelemetrySeries"/> of up to <see cref="ScorerTelemetrySeries.MaxSnapshots"/>
/// consecutive periods of one UTC day, saved as a new revision of the <see cref="DocumentKinds.ScorerTelemetrySeries"/> document
/// <c>scorer-telemetry.&lt;instance id&gt;.&lt;run&gt;.&lt;first period&gt;</c> each period, so a reader reads one document per series.
/// </summary>
/// <remarks>
/// <para>Calls are counted in the period in which they are collected: those served between a period's end and the timer firing (a
/// few milliseconds on a loaded machine) count in the period that just ended. A series that cannot be saved (the store is
/// unavailable) is kept and saved again with the next period, so no count is lost while the process lives.</para>
/// <para>The run (a random id drawn at start) keeps two processes apart that share an instance id (a restart within the day, or
/// instances configured alike): each writes its own series, and the report adds them up; neither overwrites the other's.</para>
/// </remarks>
internal sealed partial class ScorerTelemetryService : BackgroundService
{
    /// <summary>The document name's prefix; the instance id follows.</summary>
    public const string DocumentNamePrefix = "scorer-telemetry";

    private readonly IServiceProvider _services;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<SeriesKey, PendingSeries> _series = [];
    private readonly SemaphoreSlim _saving = new(1, 1);
    private IModelRegistry? _registry;
    private TimeSpan _interval;
    private string _instanceId = ModelOpsOptions.DefaultInstanceId;
    private string _run = string.Empty;
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

    /// <summary>
    /// Gets the document name a series is saved under: <c>scorer-telemetry.&lt;instance id&gt;.&lt;run&gt;.&lt;first period,
    /// yyyyMMddTHHmmZ&gt;</c> (at most 109 characters: an instance id has at most 64).
    /// </summary>
    public static string DocumentName(string instanceId, string run, DateTimeOffset seriesStart) =>
        string.Create(CultureInfo.InvariantCulture, $"{DocumentNamePrefix}.{instanceId}.{run}.{seriesStart.UtcDateTime:yyyyMMdd'T'HHmm'Z'}");

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _interval = _services.GetRequiredService<IOptions<ModelOpsHostingOptions>>().Value.ScorerTelemetryInterval;
        if (_interval <= TimeSpan.Zero)
        {
            return Task.CompletedTask;
        }

        _instanceId = _services.GetRequiredService<IOptions<ModelOpsOptions>>().Value.InstanceId ?? ModelOpsOptions.DefaultInstanceId;
        _registry = _services.GetRequiredService<IModelRegistry>();
        _run = Guid.NewGuid().ToString("N")[..12];

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

    /// <summary>The start of the series a period belongs to: series of <see cref="ScorerTelemetrySeries.MaxSnapshots"/> periods from midnight UTC.</summary>
    private DateTimeOffset SeriesStart(DateTimeOffset periodStart)
    {
        var day = new DateTimeOffset(periodStart.UtcDateTime.Date, TimeSpan.Zero);
        var length = _interval * ScorerTelemetrySeries.MaxSnapshots;
        return day + (length * ((periodStart - day).Ticks / length.Ticks));
    }

    private async Task SaveLockedAsync(DateTimeOffset periodStart)
    {
        var seriesStart = SeriesStart(periodStart);
        foreach (var delta in _listener!.Collect())
        {
            var snapshot = new ScorerTelemetrySnapshot
            {
                Instances = [_instanceId],
                ModelName = delta.ModelName,
                ModelVersion = delta.ModelVersion,
                PeriodStart = periodStart,
                PeriodEnd = periodStart + _interval,
                Calls = delta.Calls,
                Errors = delta.Errors,
                Latency = delta.Latency,
            };
            var key = new SeriesKey(delta.ModelName, delta.ModelVersion, seriesStart);
            if (!_series.TryGetValue(key, out var series))
            {
                _series[key] = series = new PendingSeries();
            }

            series.Add(snapshot);
        }

        foreach (var (key, series) in _series.Where(static s => s.Value.Dirty).OrderBy(static s => s.Key.Start).ToArray())
        {
            try
            {
                await _registry!.AttachDocumentAsync(
                    new DocumentAttachment
                    {
                        ModelName = key.ModelName,
                        Version = key.ModelVersion,
                        Kind = DocumentKinds.ScorerTelemetrySeries,
                        Name = DocumentName(_instanceId, _run, key.Start),
                        MediaType = "application/json",
                        Content = new ScorerTelemetrySeries
                        {
                            InstanceId = _instanceId,
                            ModelName = key.ModelName,
                            ModelVersion = key.ModelVersion,
                            Snapshots = series.Snapshots,
                        }.ToJson(),
                        Reason = $"scorer telemetry {series.Snapshots[0].PeriodStart:o} to {series.Snapshots[^1].PeriodEnd:o} on instance {_instanceId}",
                    },
                    CancellationToken.None).ConfigureAwait(false);
                series.Dirty = false;
            }
            catch (Exception ex) when (ex is ModelNotFoundException or ModelVersionNotFoundException or ModelVersionPurgedException)
            {
                // The version is gone: there is nothing to attach its counts to.
                LogVersionGone(key.ModelName, key.ModelVersion, ex.Message);
                _series.Remove(key);
            }
            catch (Exception ex) when (ex is StorageUnavailableException or IOException)
            {
                LogSaveFailed(key.ModelName, key.ModelVersion, ex.Message);
                break;
            }
        }

        // A saved series whose periods are over gets no more snapshots: the next period is later.
        var next = periodStart + _interval;
        foreach (var key in _series.Where(s => !s.Value.Dirty && SeriesStart(next) != s.Key.Start).Select(static s => s.Key).ToArray())
        {
            _series.Remove(key);
        }
    }

    private readonly record struct SeriesKey(string ModelName, int ModelVersion, DateTimeOffset Start);

    /// <summary>The snapshots of a series this process holds, in period order, and whether the latest are saved.</summary>
    private sealed class PendingSeries
    {
        public List<ScorerTelemetrySnapshot> Snapshots { get; } = [];

        public bool Dirty { get; set; }

        /// <summary>Adds a period's snapshot; one already held for the period (the counts of a stopping host) is merged with it.</summary>
        public void Add(ScorerTelemetrySnapshot snapshot)
        {
            Dirty = true;
            var index = Snapshots.FindIndex(s => s.PeriodStart == snapshot.PeriodStart);
            if (index >= 0)
            {
                Snapshots[index] = ScorerTelemetrySnapshot.Merge(Snapshots[index], snapshot);
                return;
            }

            Snapshots.Add(snapshot);
            Snapshots.Sort(static (a, b) => a.PeriodStart.CompareTo(b.PeriodStart));
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "The scorer telemetry of '{Model}' version {Version} could not be saved and is kept for the next period: {Reason}")]
    private partial void LogSaveFailed(string model, int version, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "The scorer telemetry of '{Model}' version {Version} is dropped: the version no longer exists ({Reason})")]
    private partial void LogVersionGone(string model, int version, string reason);
}
