using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Routing.Experiments;
using ModelOps.Sdk.Routing.Statistics;

namespace ModelOps.Sdk.Routing;

/// <summary>
/// This process's live statistics recorders, one per experiment, arm and version: routed scorers record calls into them,
/// <see cref="Predictions.OutcomeRecorder"/> records outcomes into them, and <see cref="Snapshot"/> captures them for
/// <see cref="ExperimentStatisticsStore"/> and the evaluation.
/// </summary>
/// <remarks>Thread-safe. One per container (<c>builder.AddRouting()</c> registers it).</remarks>
public sealed class ExperimentRecorders
{
    private readonly ConcurrentDictionary<(string Model, string Experiment, string Arm, int Version), ArmStatisticsRecorder> _recorders = new();
    private readonly ConcurrentDictionary<(string Model, string Experiment), QualityMetricKind> _metrics = new();
    private readonly ArmStatisticsOptions? _statisticsOptions;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance of the <see cref="ExperimentRecorders"/> class.</summary>
    /// <param name="options">The routing options (the instance id).</param>
    /// <param name="time">The time source (snapshot times).</param>
    /// <param name="statisticsOptions">Options of the recorders, or <see langword="null"/> for their defaults.</param>
    public ExperimentRecorders(IOptions<RoutingOptions> options, TimeProvider time, ArmStatisticsOptions? statisticsOptions = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        InstanceId = options.Value.InstanceId ?? ModelOpsOptions.DefaultInstanceId;
        _time = time;
        _statisticsOptions = statisticsOptions;
    }

    /// <summary>Gets the id of this instance in stored statistics (see <see cref="RoutingOptions.InstanceId"/>).</summary>
    public string InstanceId { get; }

    /// <summary>Gets the recorder of one arm and version, creating it on first use.</summary>
    /// <param name="definition">The experiment (its model, name and metric).</param>
    /// <param name="arm">The arm's name.</param>
    /// <param name="version">The version serving the arm.</param>
    /// <returns>The recorder.</returns>
    public ArmStatisticsRecorder GetRecorder(ExperimentDefinition definition, string arm, int version)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(arm);
        _metrics[(definition.ModelName, definition.Name)] = definition.Metric;
        return _recorders.GetOrAdd(
            (definition.ModelName, definition.Name, arm, version),
            static (key, state) => new ArmStatisticsRecorder(key.Arm, key.Version, state.Metric, state.Options),
            (Metric: definition.Metric, Options: _statisticsOptions));
    }

    /// <summary>Gets the recorder of one arm and version if this instance has one (outcomes for an arm never served here create it).</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="experimentName">The experiment.</param>
    /// <param name="arm">The arm.</param>
    /// <param name="version">The version.</param>
    /// <param name="metric">The experiment's metric, used when the recorder has to be created.</param>
    /// <returns>The recorder.</returns>
    public ArmStatisticsRecorder GetRecorder(string modelName, string experimentName, string arm, int version, QualityMetricKind metric)
    {
        _metrics.TryAdd((modelName, experimentName), metric);
        return _recorders.GetOrAdd(
            (modelName, experimentName, arm, version),
            static (key, state) => new ArmStatisticsRecorder(key.Arm, key.Version, state.Metric, state.Options),
            (Metric: metric, Options: _statisticsOptions));
    }

    /// <summary>The metric of an experiment this instance has recorded for.</summary>
    internal bool TryGetMetric(string modelName, string experimentName, out QualityMetricKind metric) =>
        _metrics.TryGetValue((modelName, experimentName), out metric);

    /// <summary>Captures this instance's statistics of one experiment, every arm and version.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="experimentName">The experiment.</param>
    /// <returns>The snapshot (no arms if nothing was recorded).</returns>
    public ExperimentStatistics Snapshot(string modelName, string experimentName)
    {
        var arms = new List<ArmStatistics>();
        foreach (var (key, recorder) in _recorders)
        {
            if (key.Model == modelName && key.Experiment == experimentName)
            {
                arms.Add(recorder.Snapshot());
            }
        }

        arms.Sort(static (a, b) => string.CompareOrdinal(a.Arm, b.Arm) is var c && c != 0 ? c : Nullable.Compare(a.Version, b.Version));
        return new ExperimentStatistics
        {
            ExperimentName = experimentName,
            Instances = [InstanceId],
            CapturedAt = _time.GetUtcNow(),
            Arms = arms,
        };
    }
}
