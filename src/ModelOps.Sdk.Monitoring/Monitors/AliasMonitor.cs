using Microsoft.Extensions.Logging;
using ModelOps.Sdk.Loops;
using ModelOps.Sdk.Monitoring.Fairness;
using ModelOps.Sdk.Monitoring.Fleet;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Reports;
using ModelOps.Sdk.Monitoring.Schema;
using ModelOps.Sdk.Monitoring.Telemetry;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Monitoring.Monitors;

/// <summary>
/// Monitors whatever version an alias serves: a <see cref="ModelMonitor{TInput, TOutput}"/> for the alias's version, replaced by one
/// for the new version when the alias moves (a hot swap). Register it with <c>builder.AddAliasMonitor(...)</c>; it is an
/// <see cref="IModelOpsLoop"/>, so ModelOps.Sdk.Hosting starts it with the host and stops it with the host.
/// </summary>
/// <typeparam name="TInput">The model's input row type.</typeparam>
/// <typeparam name="TOutput">The model's output type.</typeparam>
/// <remarks>
/// <para>A served version without a reference profile is not monitored, and says so: a warning in the log,
/// <see cref="ModelOpsLoopStatus.Attention"/> in <see cref="Status"/> (shown by the loops' health check), and the
/// <c>modelops.monitoring.unmonitored</c> gauge at 1. Rows observed meanwhile are not counted. Fit one with
/// <c>modelops profiles fit MODEL VERSION --data FILE</c>; the monitor picks it up at the next alias move or restart.</para>
/// <para>Windows close on their own (time or row count, <see cref="MonitoringOptions.Windows"/>). At a swap and at
/// <see cref="StopAsync"/>, the current window is closed and reported if it received rows, so no window is lost. With
/// <see cref="MonitoringOptions.SavedReportName"/> each window is also saved on its version in the registry: its report, its
/// mergeable profile and fairness counts, tagged with this instance's id (<see cref="ModelOpsOptions.InstanceId"/>), as a
/// <see cref="SavedMonitoringWindow"/> (see <see cref="SavedMonitoringWindowRegistryExtensions"/>). A window whose save fails
/// because the store is unavailable (<see cref="StorageUnavailableException"/>) is kept and saved again before the next window, so
/// the saved windows stay in order and none is lost to an outage; at most 64 wait (more than two days of hourly windows), and when more
/// fail the oldest is given up, with an error in the log and in <see cref="Status"/>. A window the registry refuses for any
/// other reason (its version was deleted, say) is not tried again.</para>
/// <para>Thread-safe: <see cref="Observe(TInput, TOutput)"/> may be called from any number of threads during a swap.</para>
/// </remarks>
public sealed partial class AliasMonitor<TInput, TOutput> : IModelOpsLoop, IAsyncDisposable, IAliasMonitorHealth
{
    private readonly IModelRegistry _registry;
    private readonly IModelMonitorFactory _factory;
    private readonly MonitoringSchema<TInput, TOutput> _schema;
    private readonly MonitoringOptions _options;
    private readonly MonitoringMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _instanceId;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _switchGate = new(1, 1);
    private readonly SemaphoreSlim _saveGate = new(1, 1);

    /// <summary>Windows whose save failed on an unavailable store, oldest first; saved before any newer one. Under <see cref="_saveGate"/>.</summary>
    private readonly Queue<SavedMonitoringWindow> _unsaved = new();
    private long _givenUpWindows;
    private ModelMonitor<TInput, TOutput>? _current;
    private volatile ModelOpsLoopStatus _status = ModelOpsLoopStatus.NotStarted;
    private int? _servedVersion;
    private DateTimeOffset? _monitoredSince;
    private Task? _follow;
    private int _started;
    private int _stopped;

    internal AliasMonitor(
        IModelRegistry registry,
        IModelMonitorFactory factory,
        string modelName,
        string aliasName,
        MonitoringSchema<TInput, TOutput> schema,
        MonitoringOptions options,
        MonitoringMetrics metrics,
        TimeProvider time,
        ILogger logger,
        string instanceId)
    {
        _instanceId = instanceId;
        _registry = registry;
        _factory = factory;
        ModelName = modelName;
        AliasName = aliasName;
        _schema = schema;
        _options = options;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        Name = $"monitor:{modelName}@{aliasName}";
    }

    /// <summary>How many windows whose save failed on an unavailable store wait to be saved again, at most.</summary>
    internal const int MaxUnsavedWindows = 64;

    /// <summary>Gets the loop's name, <c>monitor:model@alias</c>.</summary>
    public string Name { get; }

    /// <summary>Gets the model.</summary>
    public string ModelName { get; }

    /// <summary>Gets the alias followed.</summary>
    public string AliasName { get; }

    /// <summary>Gets the monitor of the served version, or <see langword="null"/> while it is not monitored (no reference profile,
    /// no alias yet) or before <see cref="StartAsync"/>.</summary>
    public ModelMonitor<TInput, TOutput>? Current => Volatile.Read(ref _current);

    /// <summary>Gets the version the alias serves as last seen, or <see langword="null"/> before it is known.</summary>
    public int? ServedVersion => _servedVersion;

    /// <inheritdoc/>
    public ModelOpsLoopStatus Status => _status;

    int? IAliasMonitorHealth.MonitoredVersion => Current?.Version;

    DateTimeOffset? IAliasMonitorHealth.MonitoredSince => Current is null ? null : _monitoredSince;

    MonitoringReport? IAliasMonitorHealth.LastReport => Current?.LastReport;

    TimeSpan? IAliasMonitorHealth.WindowDuration => _options.Windows.WindowDuration;

    /// <summary>Counts one scored row in the served version's monitor (nothing while it is not monitored).</summary>
    /// <param name="input">The input row.</param>
    /// <param name="output">The model's output.</param>
    public void Observe(TInput input, TOutput output) => Current?.Observe(input, output);

    /// <summary>Counts one scored row if the version that scored it is the one monitored, so rows scored by the previous version
    /// during a swap do not count against the new version's reference.</summary>
    /// <param name="input">The input row.</param>
    /// <param name="output">The model's output.</param>
    /// <param name="scoredBy">The version that produced <paramref name="output"/> (<see cref="ScoredPrediction{TOutput}.Model"/>).</param>
    public void Observe(TInput input, TOutput output, ServedModel scoredBy)
    {
        ArgumentNullException.ThrowIfNull(scoredBy);
        if (Current is { } monitor && monitor.Version == scoredBy.Version && string.Equals(monitor.ModelName, scoredBy.ModelName, StringComparison.Ordinal))
        {
            monitor.Observe(input, output);
        }
    }

    /// <summary>Subscribes to the alias, creates the monitor of the version it serves, and starts following it.</summary>
    /// <param name="cancellationToken">A token to cancel the first resolution.</param>
    /// <returns>A task that completes when the first version is monitored, or known to be unmonitored.</returns>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _stopped) != 0, this);
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }

        // Subscribe before resolving, so a move between the two is not missed.
        var changes = _registry.WatchAliasAsync(ModelName, AliasName, _stop.Token).GetAsyncEnumerator(_stop.Token);
        int? version = null;
        try
        {
            version = (await _registry.ResolveAliasAsync(ModelName, AliasName, cancellationToken).ConfigureAwait(false)).Version;
        }
        catch (Exception ex) when (ex is AliasNotFoundException or ModelNotFoundException)
        {
            // Before the model's first registration the alias does not exist either: a normal state at a first start, not a failure.
            LogNoAlias(_logger, ModelName, AliasName);
            _status = new ModelOpsLoopStatus(_time.GetUtcNow(), null, null, $"{ModelName}@{AliasName} does not exist yet: nothing is monitored");
        }

        if (version is { } first)
        {
            await SwitchToAsync(first, cancellationToken).ConfigureAwait(false);
        }

        _follow = Task.Run(() => FollowAsync(changes), CancellationToken.None);
    }

    /// <summary>Stops following the alias, closes and reports the current window if it received rows, and disposes the monitor.</summary>
    /// <param name="cancellationToken">A token to abandon reporting the last window.</param>
    /// <returns>A task that completes when the monitor has stopped.</returns>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        if (_follow is { } follow)
        {
            await follow.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await _switchGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Interlocked.Exchange(ref _current, null) is { } last)
            {
                await CloseAsync(last, cancellationToken).ConfigureAwait(false);
            }

            // A last try for windows an outage left unsaved, also when the last window had no rows to report.
            if (_options.SavedReportName is { } name)
            {
                await SaveInOrderAsync(null, name, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _switchGate.Release();
        }
    }

    /// <summary>Stops the monitor (see <see cref="StopAsync"/>).</summary>
    /// <returns>A task that completes when the monitor has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stop.Dispose();
        _switchGate.Dispose();
    }

    private async Task FollowAsync(IAsyncEnumerator<AliasChange> changes)
    {
        await using (changes.ConfigureAwait(false))
        {
            try
            {
                while (await changes.MoveNextAsync().ConfigureAwait(false))
                {
                    if (changes.Current.Version is { } version && version != _servedVersion)
                    {
                        await SwitchToAsync(version, _stop.Token).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
#pragma warning disable CA1031 // The watch ending must show in health, not crash the process.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogWatchFailed(_logger, ex, Name);
                _status = _status with { LastErrorAt = _time.GetUtcNow(), LastError = "watching the alias stopped: " + ex.Message };
            }
        }
    }

    private async Task SwitchToAsync(int version, CancellationToken cancellationToken)
    {
        await _switchGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Interlocked.Exchange(ref _current, null) is { } previous)
            {
                await CloseAsync(previous, cancellationToken).ConfigureAwait(false);
            }

            _servedVersion = version;
            try
            {
                var monitor = await _factory.CreateAsync(ModelName, version, _schema, cancellationToken).ConfigureAwait(false);
                if (_options.SavedReportName is { } name)
                {
                    monitor.ReportWritten = (window, report, fairness, token) => SaveAsync(version, name, window, report, fairness, token);
                }

                _monitoredSince = _time.GetUtcNow();
                Volatile.Write(ref _current, monitor);
                _metrics.RecordUnmonitored(ModelName, AliasName, version, unmonitored: false);
                _status = _status with { LastRunAt = _time.GetUtcNow(), Attention = null };
                LogMonitoring(_logger, ModelName, AliasName, version);
            }
            catch (ReferenceProfileNotFoundException)
            {
                _metrics.RecordUnmonitored(ModelName, AliasName, version, unmonitored: true);
                var attention = $"{ModelName}@{AliasName} serves version {version}, which has no reference profile '{_options.ReferenceProfileName}': it is not monitored (fit one with: modelops profiles fit {ModelName} {version} --data FILE)";
                _status = _status with { LastRunAt = _time.GetUtcNow(), Attention = attention };
                LogUnmonitored(_logger, ModelName, AliasName, version, _options.ReferenceProfileName);
            }
        }
#pragma warning disable CA1031 // A version that cannot be monitored (mismatched profile, store down) shows in health; the loop goes on.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            _status = _status with { LastErrorAt = _time.GetUtcNow(), LastError = $"version {version}: {ex.Message}", Attention = $"{ModelName}@{AliasName} version {version} is not monitored" };
            _metrics.RecordUnmonitored(ModelName, AliasName, version, unmonitored: true);
            LogSwitchFailed(_logger, ex, ModelName, AliasName, version);
        }
        finally
        {
            _switchGate.Release();
        }
    }

    /// <summary>Reports the window in progress if it has rows (the last window is never dropped), then disposes the monitor.</summary>
    private async Task CloseAsync(ModelMonitor<TInput, TOutput> monitor, CancellationToken cancellationToken)
    {
        try
        {
            if (monitor.GetCurrentProfile().RowCount > 0)
            {
                await monitor.CloseWindowAsync(cancellationToken).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // The monitor must be disposed whatever the report did.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            _status = _status with { LastErrorAt = _time.GetUtcNow(), LastError = $"closing the window of version {monitor.Version}: {ex.Message}" };
            LogCloseFailed(_logger, ex, ModelName, monitor.Version);
        }
        finally
        {
            monitor.Dispose();
        }
    }

    private async Task SaveAsync(int version, string name, MonitorWindow window, MonitoringReport report, IReadOnlyList<FairnessWindowCounts> fairness, CancellationToken cancellationToken)
    {
        var windows = _options.Windows;
        var saved = new SavedMonitoringWindow
        {
            InstanceId = _instanceId,
            ModelName = ModelName,
            ModelVersion = version,
            StartedAt = window.StartedAt,
            EndedAt = window.EndedAt,

            // Only tumbling aligned windows are disjoint within an instance, so only they merge by period.
            Period = windows is { AlignToUtcPeriods: true, SubWindows: 1, WindowDuration: { } length } ? MonitoringPeriod.Containing(window.StartedAt, length) : null,
            ReferenceProfileName = _options.ReferenceProfileName,
            Profile = window.Profile,
            Fairness = fairness,
            Drift = _options.Drift,
            Quality = _options.Quality,
            Report = report,
        };
        await SaveInOrderAsync(saved, name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Saves the windows an outage left unsaved, oldest first, then <paramref name="newest"/> (if any); stops at an outage.</summary>
    private async Task SaveInOrderAsync(SavedMonitoringWindow? newest, string name, CancellationToken cancellationToken)
    {
        await _saveGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (newest is not null)
            {
                _unsaved.Enqueue(newest);
            }

            if (_unsaved.Count > MaxUnsavedWindows)
            {
                var oldest = _unsaved.Dequeue();
                _givenUpWindows++;
                LogWindowGivenUp(_logger, ModelName, oldest.ModelVersion, oldest.StartedAt, oldest.EndedAt, MaxUnsavedWindows);
            }

            while (_unsaved.TryPeek(out var next))
            {
                try
                {
                    await _registry.SaveMonitoringWindowAsync(next, name, cancellationToken).ConfigureAwait(false);
                }
                catch (StorageUnavailableException ex)
                {
                    var gaveUp = _givenUpWindows == 0 ? string.Empty : $"; {_givenUpWindows} older window(s) were given up";
                    _status = _status with
                    {
                        LastErrorAt = _time.GetUtcNow(),
                        LastError = $"saving the report of version {next.ModelVersion}: {ex.Message}; {_unsaved.Count} window(s) wait to be saved again with the next one{gaveUp}",
                    };
                    LogSaveFailed(_logger, ex, ModelName, next.ModelVersion, _unsaved.Count);
                    return;
                }
#pragma warning disable CA1031 // A window the registry refuses is logged and shown in health; the windows after it are still saved.
                catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    _status = _status with { LastErrorAt = _time.GetUtcNow(), LastError = $"saving the report of version {next.ModelVersion}: {ex.Message}; the window is not saved" };
                    LogSaveRefused(_logger, ex, ModelName, next.ModelVersion);
                }

                _unsaved.Dequeue();
            }

            _status = _status with { LastRunAt = _time.GetUtcNow() };
        }
        finally
        {
            _saveGate.Release();
        }
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Monitoring {ModelName}@{Alias}: version {Version}.")]
    private static partial void LogMonitoring(ILogger logger, string modelName, string alias, int version);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "{ModelName}@{Alias} serves version {Version}, which has no reference profile '{ProfileName}': it is not monitored. Fit one with 'modelops profiles fit {ModelName} {Version} --data FILE'.")]
    private static partial void LogUnmonitored(ILogger logger, string modelName, string alias, int version, string profileName);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "{ModelName}@{Alias} does not exist yet: nothing is monitored until it is set.")]
    private static partial void LogNoAlias(ILogger logger, string modelName, string alias);

    [LoggerMessage(EventId = 13, Level = LogLevel.Error, Message = "Could not monitor {ModelName}@{Alias} version {Version}.")]
    private static partial void LogSwitchFailed(ILogger logger, Exception exception, string modelName, string alias, int version);

    [LoggerMessage(EventId = 14, Level = LogLevel.Error, Message = "Could not report the last window of {ModelName} version {Version}.")]
    private static partial void LogCloseFailed(ILogger logger, Exception exception, string modelName, int version);

    [LoggerMessage(EventId = 15, Level = LogLevel.Error, Message = "Could not save the monitoring window of {ModelName} version {Version}: the store is unavailable; {Waiting} window(s) wait to be saved again with the next one.")]
    private static partial void LogSaveFailed(ILogger logger, Exception exception, string modelName, int version, int waiting);

    [LoggerMessage(EventId = 17, Level = LogLevel.Error, Message = "The registry refused the monitoring window of {ModelName} version {Version}; it is not saved.")]
    private static partial void LogSaveRefused(ILogger logger, Exception exception, string modelName, int version);

    [LoggerMessage(EventId = 18, Level = LogLevel.Error, Message = "Gave up the unsaved monitoring window of {ModelName} version {Version} ({StartedAt} to {EndedAt}): more than {Limit} windows wait to be saved.")]
    private static partial void LogWindowGivenUp(ILogger logger, string modelName, int version, DateTimeOffset startedAt, DateTimeOffset endedAt, int limit);

    [LoggerMessage(EventId = 16, Level = LogLevel.Error, Message = "{Loop} stopped watching its alias.")]
    private static partial void LogWatchFailed(ILogger logger, Exception exception, string loop);
}
