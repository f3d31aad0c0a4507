using System.Collections.Concurrent;
using ModelOps.Sdk.Predictions;
using ModelOps.Sdk.Routing.Control;
using ModelOps.Sdk.Routing.Experiments;
using ModelOps.Sdk.Routing.PredictionLog;
using ModelOps.Sdk.Routing.Statistics;

namespace ModelOps.Sdk.Routing.Predictions;

/// <summary>
/// Records the outcome of a routed prediction when the ground truth arrives (possibly weeks later, on any instance): the
/// prediction id says which experiment, arm and version served it, so the outcome joins that arm's statistics with no state
/// kept per call.
/// </summary>
/// <remarks>
/// <para>
/// What an outcome records depends on the experiment's <see cref="ExperimentDefinition.Metric"/>: for
/// <see cref="QualityMetricKind.BinaryClassification"/> the actual value is the label (0 or 1) and the predicted value the score in
/// [0, 1]; for <see cref="QualityMetricKind.Regression"/> both are values; for <see cref="QualityMetricKind.Reward"/> use
/// <see cref="RecordRewardAsync"/>. The metric is read from the stored definition the first time an experiment is seen. Thread-safe.
/// </para>
/// <para>
/// When an <see cref="IPredictionLogSink"/> is registered (for example <c>builder.AddJsonLinesPredictionLog(...)</c>), outcomes can
/// be recorded with the id and the actual value only (<see cref="RecordOutcomeAsync(string, double, CancellationToken)"/>): the
/// predicted value is read from the log.
/// </para>
/// </remarks>
public sealed class OutcomeRecorder
{
    private readonly ExperimentRecorders _recorders;
    private readonly ExperimentStore _store;
    private readonly IPredictionLogSink? _predictionLog;
    private readonly ConcurrentDictionary<(string Model, string Experiment), QualityMetricKind> _metrics = new();

    /// <summary>Initializes a new instance of the <see cref="OutcomeRecorder"/> class.</summary>
    /// <param name="recorders">This instance's statistics recorders.</param>
    /// <param name="store">The experiment store (the metric of experiments this instance has not routed).</param>
    /// <param name="predictionLog">The prediction log that supplies predicted values, or <see langword="null"/> for none.</param>
    public OutcomeRecorder(ExperimentRecorders recorders, ExperimentStore store, IPredictionLogSink? predictionLog = null)
    {
        ArgumentNullException.ThrowIfNull(recorders);
        ArgumentNullException.ThrowIfNull(store);
        _recorders = recorders;
        _store = store;
        _predictionLog = predictionLog;
    }

    /// <summary>Records an outcome, reading the predicted value from the prediction log.</summary>
    /// <param name="predictionId">The prediction's id, as returned with it.</param>
    /// <param name="actual">The actual value (the label 0 or 1 for binary classification).</param>
    /// <returns><see langword="true"/> if recorded; <see langword="false"/> if the call was not enrolled in an experiment (the log is not read).</returns>
    /// <remarks>See <see cref="RecordOutcomeAsync(string, double, CancellationToken)"/> for the exceptions and the lookup's cost.</remarks>
    public ValueTask<bool> RecordOutcomeAsync(string predictionId, double actual) => RecordOutcomeAsync(predictionId, actual, CancellationToken.None);

    /// <summary>Records an outcome, reading the predicted value from the prediction log.</summary>
    /// <param name="predictionId">The prediction's id, as returned with it.</param>
    /// <param name="actual">The actual value (the label 0 or 1 for binary classification).</param>
    /// <param name="cancellationToken">A token to cancel the log lookup and reading the experiment's definition.</param>
    /// <returns><see langword="true"/> if recorded; <see langword="false"/> if the call was not enrolled in an experiment (the log is not read).</returns>
    /// <remarks>The lookup's cost is the log's (<see cref="JsonLinesPredictionLogSink.FindAsync"/> scans its files); when labelling in bulk, pass predicted values if you have them.</remarks>
    /// <exception cref="InvalidPredictionIdException">The id is not a prediction id.</exception>
    /// <exception cref="InvalidOperationException">No prediction log is registered, or the experiment's metric is <see cref="QualityMetricKind.Reward"/>.</exception>
    /// <exception cref="PredictionNotLoggedException">The log does not hold the prediction, or holds it without a predicted value.</exception>
    /// <exception cref="ExperimentNotFoundException">The id names an experiment that is not stored.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The actual value is not finite, or a binary label is not 0 or 1.</exception>
    public async ValueTask<bool> RecordOutcomeAsync(string predictionId, double actual, CancellationToken cancellationToken)
    {
        var id = PredictionId.Parse(predictionId);
        if (!id.IsEnrolled)
        {
            return false;
        }

        if (_predictionLog is null)
        {
            throw new InvalidOperationException("No prediction log is registered to supply the predicted value: register one (builder.AddJsonLinesPredictionLog(...) or an IPredictionLogSink), or pass the predicted value.");
        }

        var logged = await _predictionLog.FindAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new PredictionNotLoggedException(id, "the log does not hold it (it was dropped when the log's queue was full, written to a log this instance does not read, or deleted)");
        var predicted = logged.Predicted
            ?? throw new PredictionNotLoggedException(id, "the log holds it without a predicted value (the routed scorer had no output score function)");
        return await RecordOutcomeAsync(predictionId, actual, predicted, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records an outcome.</summary>
    /// <param name="predictionId">The prediction's id, as returned with it.</param>
    /// <param name="actual">The actual value (the label 0 or 1 for binary classification).</param>
    /// <param name="predicted">The predicted value (the score in [0, 1] for binary classification).</param>
    /// <param name="cancellationToken">A token to cancel reading the experiment's definition.</param>
    /// <returns><see langword="true"/> if recorded; <see langword="false"/> if the call was not enrolled in an experiment.</returns>
    /// <exception cref="InvalidPredictionIdException">The id is not a prediction id.</exception>
    /// <exception cref="ExperimentNotFoundException">The id names an experiment that is not stored.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is not finite, or a binary label is not 0 or 1, or a score not in [0, 1].</exception>
    /// <exception cref="InvalidOperationException">The experiment's metric is <see cref="QualityMetricKind.Reward"/>.</exception>
    public async ValueTask<bool> RecordOutcomeAsync(string predictionId, double actual, double predicted, CancellationToken cancellationToken = default)
    {
        var id = PredictionId.Parse(predictionId);
        if (!id.IsEnrolled)
        {
            return false;
        }

        ArgumentOutOfRangeException.ThrowIfNotEqual(double.IsFinite(actual), true, nameof(actual));
        ArgumentOutOfRangeException.ThrowIfNotEqual(double.IsFinite(predicted), true, nameof(predicted));
        var metric = await MetricOfAsync(id, cancellationToken).ConfigureAwait(false);
        // Values are checked before the recorder is looked up, so a refused outcome leaves no trace.
        switch (metric)
        {
            case QualityMetricKind.BinaryClassification:
                if (actual is not (0 or 1))
                {
                    throw new ArgumentOutOfRangeException(nameof(actual), actual, $"Experiment '{id.ExperimentName}' is a binary classification: the actual value must be 0 or 1.");
                }

                if (predicted is < 0 or > 1)
                {
                    throw new ArgumentOutOfRangeException(nameof(predicted), predicted, $"Experiment '{id.ExperimentName}' is a binary classification: the predicted score must be in [0, 1].");
                }

                RecorderOf(id, metric).RecordBinaryOutcome(actual == 1, predicted);
                return true;
            case QualityMetricKind.Regression:
                RecorderOf(id, metric).RecordRegressionOutcome(actual, predicted);
                return true;
            default:
                throw new InvalidOperationException($"Experiment '{id.ExperimentName}' of model '{id.ModelName}' measures a reward; record it with RecordRewardAsync.");
        }
    }

    /// <summary>Records the business reward of a prediction (for experiments whose metric is <see cref="QualityMetricKind.Reward"/>).</summary>
    /// <param name="predictionId">The prediction's id.</param>
    /// <param name="reward">The reward.</param>
    /// <param name="cancellationToken">A token to cancel reading the experiment's definition.</param>
    /// <returns><see langword="true"/> if recorded; <see langword="false"/> if the call was not enrolled in an experiment.</returns>
    /// <exception cref="InvalidPredictionIdException">The id is not a prediction id.</exception>
    /// <exception cref="ExperimentNotFoundException">The id names an experiment that is not stored.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The reward is not finite.</exception>
    /// <exception cref="InvalidOperationException">The experiment's metric is not <see cref="QualityMetricKind.Reward"/>.</exception>
    public async ValueTask<bool> RecordRewardAsync(string predictionId, double reward, CancellationToken cancellationToken = default)
    {
        var id = PredictionId.Parse(predictionId);
        if (!id.IsEnrolled)
        {
            return false;
        }

        ArgumentOutOfRangeException.ThrowIfNotEqual(double.IsFinite(reward), true, nameof(reward));
        var metric = await MetricOfAsync(id, cancellationToken).ConfigureAwait(false);
        if (metric != QualityMetricKind.Reward)
        {
            throw new InvalidOperationException($"Experiment '{id.ExperimentName}' of model '{id.ModelName}' measures {metric}; record its outcomes with RecordOutcomeAsync.");
        }

        RecorderOf(id, metric).RecordReward(reward);
        return true;
    }

    private ArmStatisticsRecorder RecorderOf(PredictionId id, QualityMetricKind metric) =>
        _recorders.GetRecorder(id.ModelName, id.ExperimentName!, id.Arm, id.Version, metric);

    private async ValueTask<QualityMetricKind> MetricOfAsync(PredictionId id, CancellationToken cancellationToken)
    {
        var key = (id.ModelName, id.ExperimentName!);
        if (_metrics.TryGetValue(key, out var metric) || _recorders.TryGetMetric(id.ModelName, id.ExperimentName!, out metric))
        {
            return metric;
        }

        var definition = await _store.LoadAsync(id.ModelName, id.ExperimentName!, cancellationToken).ConfigureAwait(false)
            ?? throw new ExperimentNotFoundException(id.ModelName, id.ExperimentName!);
        _metrics[key] = definition.Metric;
        return definition.Metric;
    }
}
