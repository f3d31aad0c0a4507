namespace ModelOps.Sdk.Routing.Statistics;

/// <summary>
/// Records one arm's calls and outcomes in one instance, and takes <see cref="ArmStatistics"/> snapshots to store and merge.
/// Thread-safe.
/// </summary>
/// <remarks>
/// <para><see cref="RecordCall(TimeSpan, bool)"/> and <see cref="RecordCall(bool)"/> are on the routed call's path: they take no
/// lock and allocate nothing per call (interlocked increments into call, error and logarithmic latency-bin counters striped by
/// processor, so threads on different cores do not share a cache line, each core's bins allocated at its first timed call; a
/// successful untimed call is counted in the calling thread's own cell with a plain write; snapshots sum the stripes and
/// cells). Outcomes arrive later and off that path, and are recorded under a short lock that keeps the moments consistent.</para>
/// <para>Each counter in a snapshot is exact; a snapshot taken while calls are being recorded may see a call's count before its
/// latency bin, which the next snapshot settles.</para>
/// </remarks>
public sealed class ArmStatisticsRecorder
{
    private readonly ArmStatisticsOptions _options;
    private readonly Lock _outcomeLock = new();
    private readonly long[]? _positiveScores;
    private readonly long[]? _negativeScores;
    private readonly ThreadCallCounter _untimedCalls = new();
    private readonly CallStripes _stripes = new();
    private RunningMoments _primary;
    private long _truePositives;
    private long _falsePositives;
    private long _trueNegatives;
    private long _falseNegatives;
    private RunningMoments _absoluteError;
    private RunningMoments _squaredError;
    private long _agreements;
    private RunningMoments _scoreDifference;

    /// <summary>Initializes a new instance of the <see cref="ArmStatisticsRecorder"/> class.</summary>
    /// <param name="arm">The arm's name.</param>
    /// <param name="version">The model version serving the arm, if known.</param>
    /// <param name="kind">The task's quality metric.</param>
    /// <param name="options">How outcomes are summarised; every instance of an experiment must use the same.</param>
    /// <exception cref="ArgumentException"><paramref name="arm"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names it).</exception>
    public ArmStatisticsRecorder(string arm, int? version, QualityMetricKind kind, ArmStatisticsOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(arm);
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown quality metric kind.");
        }

        Arm = arm;
        Version = version;
        Kind = kind;
        _options = (options ?? new ArmStatisticsOptions()).Validated();
        if (kind == QualityMetricKind.BinaryClassification)
        {
            _positiveScores = new long[_options.ScoreBins];
            _negativeScores = new long[_options.ScoreBins];
        }
    }

    /// <summary>Gets the arm's name.</summary>
    public string Arm { get; }

    /// <summary>Gets the model version serving the arm, if known.</summary>
    public int? Version { get; }

    /// <summary>Gets the task's quality metric.</summary>
    public QualityMetricKind Kind { get; }

    /// <summary>Records a call: its latency (answered or not) and whether it failed. No lock, no allocation.</summary>
    /// <param name="latency">How long the call took; negative values count as zero.</param>
    /// <param name="failed">Whether it threw or timed out.</param>
    public void RecordCall(TimeSpan latency, bool failed)
    {
        _stripes.Record(LogScaleBins.IndexOf(latency), failed);
    }

    /// <summary>
    /// Records a call whose latency was not measured (routers time a sample of calls, since reading the clock can cost more than
    /// the routing decision): the call and error counts stay exact, the latency distribution holds the timed calls only.
    /// </summary>
    /// <param name="failed">Whether it threw or timed out.</param>
    public void RecordCall(bool failed)
    {
        if (failed)
        {
            _stripes.RecordUntimedFailure();
            return;
        }

        // The bulk of a routed scorer's calls (its untimed champion calls) land here: counted per thread, with no interlocked
        // instruction, and summed by Snapshot.
        _untimedCalls.Increment();
    }

    /// <summary>Records the outcome of a binary classification: the actual label and the score the arm gave.</summary>
    /// <param name="actual">The actual label.</param>
    /// <param name="predictedScore">The arm's score, in [0, 1]; the predicted label is score ≥ <see cref="ArmStatisticsOptions.DecisionThreshold"/>.</param>
    /// <exception cref="InvalidOperationException">The arm's metric is not binary classification.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="predictedScore"/> is outside [0, 1] or NaN.</exception>
    public void RecordBinaryOutcome(bool actual, double predictedScore)
    {
        EnsureKind(QualityMetricKind.BinaryClassification);
        EnsureScore(predictedScore, nameof(predictedScore));
        var predicted = predictedScore >= _options.DecisionThreshold;
        var bin = BinaryClassificationMetrics.BinOf(predictedScore, _options.ScoreBins);
        lock (_outcomeLock)
        {
            _primary = _primary.Add(predicted == actual ? 1 : 0);
            (actual ? _positiveScores! : _negativeScores!)[bin]++;
            switch (actual, predicted)
            {
                case (true, true): _truePositives++; break;
                case (false, true): _falsePositives++; break;
                case (false, false): _trueNegatives++; break;
                default: _falseNegatives++; break;
            }
        }
    }

    /// <summary>Records the outcome of a regression: the actual value and the arm's prediction.</summary>
    /// <param name="actual">The actual value.</param>
    /// <param name="predicted">The arm's prediction.</param>
    /// <exception cref="InvalidOperationException">The arm's metric is not regression.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is NaN or infinite.</exception>
    public void RecordRegressionOutcome(double actual, double predicted)
    {
        EnsureKind(QualityMetricKind.Regression);
        EnsureFinite(actual, nameof(actual));
        EnsureFinite(predicted, nameof(predicted));
        var error = actual - predicted;
        lock (_outcomeLock)
        {
            _primary = _primary.Add(Math.Abs(error));
            _absoluteError = _absoluteError.Add(Math.Abs(error));
            _squaredError = _squaredError.Add(error * error);
        }
    }

    /// <summary>Records the business reward of one decision of the arm.</summary>
    /// <param name="reward">The reward.</param>
    /// <exception cref="InvalidOperationException">The arm's metric is not a reward.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="reward"/> is NaN or infinite.</exception>
    public void RecordReward(double reward)
    {
        EnsureKind(QualityMetricKind.Reward);
        EnsureFinite(reward, nameof(reward));
        lock (_outcomeLock)
        {
            _primary = _primary.Add(reward);
        }
    }

    /// <summary>Records a shadow's answer beside the champion's on the same input (paired comparison).</summary>
    /// <param name="championScore">The champion's score or numeric answer.</param>
    /// <param name="shadowScore">This arm's score or numeric answer on the same input.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is NaN or infinite, or (binary classification) outside [0, 1].</exception>
    public void RecordShadowComparison(double championScore, double shadowScore)
    {
        bool agree;
        if (Kind == QualityMetricKind.BinaryClassification)
        {
            EnsureScore(championScore, nameof(championScore));
            EnsureScore(shadowScore, nameof(shadowScore));
            agree = (championScore >= _options.DecisionThreshold) == (shadowScore >= _options.DecisionThreshold);
        }
        else
        {
            EnsureFinite(championScore, nameof(championScore));
            EnsureFinite(shadowScore, nameof(shadowScore));
            agree = Math.Abs(shadowScore - championScore) <= _options.AgreementTolerance;
        }

        lock (_outcomeLock)
        {
            _scoreDifference = _scoreDifference.Add(shadowScore - championScore);
            if (agree)
            {
                _agreements++;
            }
        }
    }

    /// <summary>Takes an immutable snapshot of everything recorded so far.</summary>
    /// <returns>The statistics.</returns>
    public ArmStatistics Snapshot()
    {
        // Errors first: a failed call counts its call before its error, so a snapshot never shows more errors than calls.
        var errors = _stripes.Errors();
        var calls = _stripes.Calls() + _untimedCalls.Sum();
        var latency = new LatencyDistribution(SparseCounts.FromDense(_stripes.LatencyBins()));
        lock (_outcomeLock)
        {
            return new ArmStatistics
            {
                Arm = Arm,
                Version = Version,
                Kind = Kind,
                Calls = calls,
                Errors = errors,
                Latency = latency,
                PrimaryOutcome = _primary,
                Binary = Kind == QualityMetricKind.BinaryClassification
                    ? new BinaryClassificationMetrics(_truePositives, _falsePositives, _trueNegatives, _falseNegatives, _options.ScoreBins, SparseCounts.FromDense(_positiveScores!), SparseCounts.FromDense(_negativeScores!))
                    : null,
                Regression = Kind == QualityMetricKind.Regression ? new RegressionMetrics(_absoluteError, _squaredError) : null,
                Shadow = _scoreDifference.Count > 0 ? new ShadowComparison(_agreements, _scoreDifference) : null,
            };
        }
    }

    private void EnsureKind(QualityMetricKind expected)
    {
        if (Kind != expected)
        {
            throw new InvalidOperationException($"Arm '{Arm}' records {Kind} outcomes, not {expected}.");
        }
    }

    private static void EnsureScore(double score, string name)
    {
        if (!(score is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(name, score, "A binary classifier's score must be between 0 and 1.");
        }
    }

    private static void EnsureFinite(double value, string name)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, "The value must be a finite number.");
        }
    }
}
