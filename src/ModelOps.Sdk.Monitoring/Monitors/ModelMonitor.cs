using Microsoft.Extensions.Logging;
using ModelOps.Sdk.Monitoring.Fairness;
using ModelOps.Sdk.Monitoring.Fleet;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Quality;
using ModelOps.Sdk.Monitoring.Reports;
using ModelOps.Sdk.Monitoring.Telemetry;

namespace ModelOps.Sdk.Monitoring.Monitors;

/// <summary>
/// Monitors one model version in a service: feeds a <see cref="StreamingMonitor{TInput, TOutput}"/> on the hot path and, each time
/// a window closes, writes its <see cref="MonitoringReport"/> against the version's reference profile, records the metrics and
/// hands any <see cref="MonitoringAlert"/> to the alert observers. Create one with <see cref="IModelMonitorFactory"/>.
/// </summary>
/// <typeparam name="TInput">The model's input row type.</typeparam>
/// <typeparam name="TOutput">The model's output type.</typeparam>
/// <remarks>Thread-safe. Reports are written on a background task in window order; <see cref="Observe"/> never waits for them.</remarks>
public sealed class ModelMonitor<TInput, TOutput> : IDisposable
{
    private readonly StreamingMonitor<TInput, TOutput> _stream;
    private readonly DriftOptions _drift;
    private readonly DataQualityOptions _quality;
    private readonly IReadOnlyList<SignatureIssue> _signatureIssues;
    private readonly MonitoringMetrics _metrics;
    private readonly IMonitoringAlertObserver[] _observers;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly HashSet<long> _closedExplicitly = [];
    private readonly CancellationTokenSource _disposed = new();
    private IMonitoringAlertObserver[] _subscribers = [];
    private MonitoringReport? _lastReport;
    private FairnessMonitor<TInput, TOutput>? _fairness;
    private Func<IReadOnlyList<FairnessReport>>? _trackedFairnessSource;

    internal ModelMonitor(
        string modelName,
        int version,
        StreamingMonitor<TInput, TOutput> stream,
        DriftOptions drift,
        DataQualityOptions quality,
        IReadOnlyList<SignatureIssue> signatureIssues,
        MonitoringMetrics metrics,
        IEnumerable<IMonitoringAlertObserver> observers,
        ILogger logger)
    {
        ModelName = modelName;
        Version = version;
        _stream = stream;
        _drift = drift;
        _quality = quality;
        _signatureIssues = signatureIssues;
        _metrics = metrics;
        _observers = [.. observers];
        _logger = logger;
        _stream.WindowClosed += OnWindowClosed;
    }

    /// <summary>Gets the model.</summary>
    public string ModelName { get; }

    /// <summary>Gets the version monitored.</summary>
    public int Version { get; }

    /// <summary>Gets the reference profile the windows are compared with.</summary>
    public DataProfile Reference => _stream.Reference;

    /// <summary>Gets the differences between the monitored fields and the version's signature, found when the monitor was created.</summary>
    public IReadOnlyList<SignatureIssue> SignatureIssues => _signatureIssues;

    /// <summary>Gets the report of the last window, or <see langword="null"/> before the first window closes.</summary>
    public MonitoringReport? LastReport => Volatile.Read(ref _lastReport);

    /// <summary>Gets or sets a function that returns the fairness section for each window's report, one
    /// <see cref="FairnessReport"/> per protected attribute (for example <see cref="FairnessMonitor{TInput, TOutput}.CloseWindow"/>,
    /// which <see cref="TrackFairness"/> sets), or <see langword="null"/> when fairness is not monitored. Called once per window on
    /// the background task that writes reports.</summary>
    public Func<IReadOnlyList<FairnessReport>>? FairnessSource { get; set; }

    /// <summary>Gets or sets a function that returns the concept-drift section for each window's report, typically
    /// <c>conceptDriftMonitor.CloseWindow</c> of a <see cref="ConceptDrift.ConceptDriftMonitor{TPrediction, TLabel}"/>, or
    /// <see langword="null"/> when labels are not monitored. Called once per window on the background task that writes reports.</summary>
    public Func<ConceptDrift.ConceptDriftWindow>? ConceptDriftSource { get; set; }

    /// <summary>Called with each window, its report and its fairness counts (empty unless <see cref="TrackFairness"/> feeds the
    /// report) once the report is written (by <see cref="AliasMonitor{TInput, TOutput}"/>, to save it).</summary>
    internal Func<MonitorWindow, MonitoringReport, IReadOnlyList<FairnessWindowCounts>, CancellationToken, Task>? ReportWritten { get; set; }

    /// <summary>Counts one scored row on the hot path: thread-safe, allocation-free (see <see cref="StreamingMonitor{TInput, TOutput}.Observe"/>).</summary>
    /// <param name="input">The input row.</param>
    /// <param name="output">The model's output.</param>
    /// <remarks>With <see cref="TrackFairness"/>, the decision is also counted in its protected groups (under that monitor's lock).</remarks>
    public void Observe(TInput input, TOutput output)
    {
        _stream.Observe(input, output);
        Volatile.Read(ref _fairness)?.Observe(input, output);
    }

    /// <summary>Counts every observed decision per protected group from now on and puts the fairness of each window in its report
    /// (sets <see cref="FairnessSource"/> to the fairness monitor's <see cref="FairnessMonitor{TInput, TOutput}.CloseWindow"/>).
    /// Give labels, when they come, to <see cref="FairnessMonitor{TInput, TOutput}.ObserveLabel"/>.</summary>
    /// <param name="fairness">The fairness monitor, from <see cref="FairnessMonitorBuilder{TInput, TOutput}"/>.</param>
    /// <remarks>The fairness window closes when the report is written, so it holds the decisions since the previous report: the
    /// same rows as the window, give or take the rows observed while it closes.</remarks>
    public void TrackFairness(FairnessMonitor<TInput, TOutput> fairness)
    {
        ArgumentNullException.ThrowIfNull(fairness);
        Func<IReadOnlyList<FairnessReport>> source = fairness.CloseWindow;
        _trackedFairnessSource = source;
        FairnessSource = source;
        Volatile.Write(ref _fairness, fairness);
    }

    /// <summary>Gets the profile of the current window so far.</summary>
    /// <returns>The profile.</returns>
    public DataProfile GetCurrentProfile() => _stream.GetCurrentProfile();

    /// <summary>Closes the current window now and writes its report, raising alerts as a closing window would.</summary>
    /// <param name="cancellationToken">A token to cancel waiting for the alert observers.</param>
    /// <returns>The report.</returns>
    /// <exception cref="InvalidMonitoringInputException">The window received no rows, so there is nothing to report. (A window that
    /// closes on its own time or row count with no rows is logged at information level and skipped instead.)</exception>
    public async Task<MonitoringReport> CloseWindowAsync(CancellationToken cancellationToken = default)
    {
        MonitorWindow window;
        lock (_gate)
        {
            window = _stream.CloseWindow();
            _closedExplicitly.Add(window.Sequence);
        }

        return await ReportAsync(window, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds an observer of this monitor's alerts, besides those registered in dependency injection.</summary>
    /// <param name="observer">The observer.</param>
    /// <returns>Dispose it to unsubscribe.</returns>
    public IDisposable Subscribe(IMonitoringAlertObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        lock (_gate)
        {
            _subscribers = [.. _subscribers, observer];
        }

        return new Subscription(this, observer);
    }

    /// <summary>Stops the windows and the reports; alert observers still running are cancelled.</summary>
    public void Dispose()
    {
        _stream.WindowClosed -= OnWindowClosed;
        _stream.Dispose();
        _disposed.Cancel();
        _disposed.Dispose();
    }

    private void OnWindowClosed(object? sender, MonitorWindowEventArgs e)
    {
        lock (_gate)
        {
            if (_closedExplicitly.Remove(e.Window.Sequence))
            {
                return;
            }
        }

        if (e.Window.Profile.RowCount == 0)
        {
            // An idle window (a quiet hour) is normal: there is nothing to compare with the reference, so no report and no alert.
            ModelMonitorLog.EmptyWindow(_logger, e.Window.Sequence, ModelName, Version, e.Window.StartedAt, e.Window.EndedAt);
            return;
        }

        // The stream's dispatcher is this monitor's own background task: waiting here keeps reports in window order.
        ReportAsync(e.Window, CancellationToken.None).GetAwaiter().GetResult();
    }

    private async Task<MonitoringReport> ReportAsync(MonitorWindow window, CancellationToken cancellationToken)
    {
        var conceptDrift = ConceptDriftSource?.Invoke();

        // Fairness tracked here is closed as counts, so the saved window keeps what merges across instances; a source set by the
        // host gives reports only.
        IReadOnlyList<FairnessWindowCounts> fairnessCounts = [];
        IReadOnlyList<FairnessReport>? fairness;
        if (FairnessSource is { } source && ReferenceEquals(source, _trackedFairnessSource) && Volatile.Read(ref _fairness) is { } tracked)
        {
            fairnessCounts = tracked.CloseWindowCounts();
            fairness = [.. fairnessCounts.Select(static c => c.ToReport())];
        }
        else
        {
            fairness = FairnessSource?.Invoke();
        }

        var context = new MonitoringReportContext
        {
            ModelName = ModelName,
            ModelVersion = Version,
            WindowStartedAt = window.StartedAt,
            WindowEndedAt = window.EndedAt,
            SignatureIssues = _signatureIssues,
            Quality = _quality,
            FairnessByAttribute = fairness,
            ConceptDrift = conceptDrift?.Detectors,
            Labels = conceptDrift?.Labels,
        };
        var report = DriftAnalyzer.Analyze(_stream.Reference, window.Profile, _drift, context);
        Volatile.Write(ref _lastReport, report);
        _metrics.Record(ModelName, Version, report);
        if (ReportWritten is { } written)
        {
            await written(window, report, fairnessCounts, cancellationToken).ConfigureAwait(false);
        }

        if (MonitoringAlert.For(ModelName, Version, report) is { } alert)
        {
            IMonitoringAlertObserver[] subscribers;
            lock (_gate)
            {
                subscribers = _subscribers;
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
            foreach (var observer in _observers.Concat(subscribers))
            {
                try
                {
                    await observer.OnAlertAsync(alert, linked.Token).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // One observer's failure must not keep the alert from the others.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    ModelMonitorLog.ObserverFailed(_logger, ex, observer.GetType().Name, ModelName, Version);
                }
            }
        }

        return report;
    }

    private sealed class Subscription(ModelMonitor<TInput, TOutput> owner, IMonitoringAlertObserver observer) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._gate)
            {
                owner._subscribers = [.. owner._subscribers.Where(s => !ReferenceEquals(s, observer))];
            }
        }
    }
}
