using System.Diagnostics.Metrics;
using ModelOps.Sdk.Monitoring.Reports;

namespace ModelOps.Sdk.Monitoring.Telemetry;

/// <summary>
/// The System.Diagnostics.Metrics instruments of monitoring, on the meter <see cref="MeterName"/>, each tagged with
/// <c>modelops.model</c> and <c>modelops.version</c> (and <c>modelops.feature</c>, <c>modelops.method</c> where it applies).
/// Recorded once per closed window, never per row, so the hot path pays nothing for them. Collect them with OpenTelemetry
/// (<c>.AddMeter("ModelOps.Sdk.Monitoring")</c>) or <c>dotnet-counters</c>.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Instrument</term><description>Meaning</description></listheader>
/// <item><term><c>modelops.monitoring.drift.score</c> (gauge)</term><description>Each feature's and output's drift score (the
/// value compared with the threshold: a p-value for tests, a distance for effect sizes); tags feature, role, method.</description></item>
/// <item><term><c>modelops.monitoring.drift.drifted_share</c> (gauge)</term><description>The share of drifted input features.</description></item>
/// <item><term><c>modelops.monitoring.rows</c> (counter)</term><description>Rows monitored.</description></item>
/// <item><term><c>modelops.monitoring.quality.bad_rows</c> (counter)</term><description>Rows with a data-quality issue.</description></item>
/// <item><term><c>modelops.monitoring.quality.issues</c> (counter)</term><description>Values with an issue, tagged feature and
/// issue (<c>missing</c>, <c>infinite</c>, <c>out_of_range</c>, <c>unseen</c>).</description></item>
/// <item><term><c>modelops.monitoring.fairness.gap</c> (gauge)</term><description>The demographic parity difference (max minus min
/// selection rate across groups), when fairness is monitored and the groups are large enough.</description></item>
/// <item><term><c>modelops.monitoring.alerts</c> (counter)</term><description>Alerts raised, tagged kind.</description></item>
/// </list>
/// Thread-safe.
/// </remarks>
public sealed class MonitoringMetrics : IDisposable
{
    /// <summary>The meter's name: <c>ModelOps.Sdk.Monitoring</c>.</summary>
    public const string MeterName = "ModelOps.Sdk.Monitoring";

    private readonly Meter _meter;
    private readonly Gauge<int> _unmonitored;
    private readonly bool _ownsMeter;
    private readonly Gauge<double> _driftScore;
    private readonly Gauge<double> _driftedShare;
    private readonly Counter<long> _rows;
    private readonly Counter<long> _badRows;
    private readonly Counter<long> _issues;
    private readonly Gauge<double> _fairnessGap;
    private readonly Counter<long> _alerts;

    /// <summary>Initializes a new instance of the <see cref="MonitoringMetrics"/> class.</summary>
    /// <param name="meterFactory">The host's meter factory (from <c>services.AddMetrics()</c>), or <see langword="null"/> to create
    /// the meter directly.</param>
    public MonitoringMetrics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _driftScore = _meter.CreateGauge<double>("modelops.monitoring.drift.score", description: "Drift score per feature and output: a p-value for tests, a distance for effect sizes.");
        _driftedShare = _meter.CreateGauge<double>("modelops.monitoring.drift.drifted_share", description: "Share of drifted input features in the last window.");
        _rows = _meter.CreateCounter<long>("modelops.monitoring.rows", "{row}", "Rows monitored.");
        _badRows = _meter.CreateCounter<long>("modelops.monitoring.quality.bad_rows", "{row}", "Rows with a data-quality issue.");
        _issues = _meter.CreateCounter<long>("modelops.monitoring.quality.issues", "{value}", "Values with a data-quality issue, by feature and issue.");
        _fairnessGap = _meter.CreateGauge<double>("modelops.monitoring.fairness.gap", description: "Demographic parity difference (max - min selection rate).");
        _alerts = _meter.CreateCounter<long>("modelops.monitoring.alerts", "{alert}", "Monitoring alerts, by kind.");
        _unmonitored = _meter.CreateGauge<int>("modelops.monitoring.unmonitored", description: "1 while an alias serves a version that is not monitored (no reference profile), 0 once it is.");
    }

    /// <summary>Records whether the version an alias serves is monitored (<c>modelops.monitoring.unmonitored</c>: 1 when not).</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="aliasName">The alias.</param>
    /// <param name="version">The version the alias serves.</param>
    /// <param name="unmonitored">Whether it is not monitored, for example because it has no reference profile.</param>
    public void RecordUnmonitored(string modelName, string aliasName, int version, bool unmonitored) =>
        _unmonitored.Record(unmonitored ? 1 : 0, new("modelops.model", modelName), new("modelops.alias", aliasName), new("modelops.version", version));

    /// <summary>Records a window's report.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The version.</param>
    /// <param name="report">The report.</param>
    public void Record(string modelName, int version, MonitoringReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var model = new KeyValuePair<string, object?>("modelops.model", modelName);
        var ver = new KeyValuePair<string, object?>("modelops.version", version);
        foreach (var (role, list) in new[] { ("input", report.Features), ("prediction", report.Predictions) })
        {
            foreach (var f in list)
            {
                _driftScore.Record(f.Result.Score, model, ver, new("modelops.feature", f.Name), new("modelops.role", role), new("modelops.method", f.Result.Method.ToString()));
            }
        }

        _driftedShare.Record(report.DatasetDrift.DriftedShare, model, ver);
        _rows.Add(report.CurrentRows, model, ver);
        _badRows.Add(report.DataQuality.BadRowCount, model, ver);
        foreach (var f in report.DataQuality.Features.Concat(report.DataQuality.Predictions))
        {
            AddIssue(f.Name, "missing", f.MissingCount);
            AddIssue(f.Name, "infinite", f.InfiniteCount);
            AddIssue(f.Name, "out_of_range", f.BelowRangeCount + f.AboveRangeCount);
            AddIssue(f.Name, "unseen", f.UnseenCount);
        }

        foreach (var fairness in report.FairnessByAttribute.Count > 0 ? report.FairnessByAttribute : report.Fairness is { } single ? [single] : [])
        {
            if (FairnessFigures.ParityGap(fairness) is { } gap)
            {
                _fairnessGap.Record(gap, model, ver, new("modelops.fairness.attribute", fairness.Attribute ?? string.Empty));
            }
        }

        if (MonitoringAlert.For(modelName, version, report) is { } alert)
        {
            foreach (var kind in Enum.GetValues<MonitoringAlertKinds>())
            {
                if (kind != MonitoringAlertKinds.None && alert.Kinds.HasFlag(kind))
                {
                    _alerts.Add(1, model, ver, new("modelops.alert.kind", kind.ToString()));
                }
            }
        }

        void AddIssue(string feature, string issue, long count)
        {
            if (count > 0)
            {
                _issues.Add(count, model, ver, new("modelops.feature", feature), new("modelops.issue", issue));
            }
        }
    }

    /// <summary>Disposes the meter when this instance created it.</summary>
    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
