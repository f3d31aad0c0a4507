using ModelOps.Sdk.Monitoring.Reports;

namespace ModelOps.Sdk.Monitoring.ConceptDrift;

/// <summary>
/// Watches a model's error stream for concept drift when labels arrive late: records each prediction under its id, and when the
/// label comes (possibly much later, in any order) computes the error and feeds the ADWIN, DDM and Page–Hinkley detectors.
/// Outcomes whose label is known at once are given directly with <see cref="RecordOutcome"/>, with nothing stored.
/// </summary>
/// <typeparam name="TPrediction">What the model predicted (a class, a score).</typeparam>
/// <typeparam name="TLabel">The true outcome.</typeparam>
/// <remarks>
/// <para><b>Memory is bounded.</b> At most <see cref="ConceptDriftMonitorOptions.MaxPendingPredictions"/> predictions wait; when
/// full, the oldest is evicted. A prediction older than <see cref="ConceptDriftMonitorOptions.LabelTimeToLive"/> (by the injected
/// <see cref="TimeProvider"/>) expires. A label for an evicted or expired prediction is counted as <see cref="LabelMatch.Expired"/>
/// (up to the last <see cref="ConceptDriftMonitorOptions.MaxRememberedExpiredIds"/> such ids are remembered); a label for an id never
/// recorded, or whose label already came, as <see cref="LabelMatch.Unmatched"/>. Nothing is dropped without being counted.</para>
/// <para><b>Reports.</b> <see cref="CloseWindow"/> returns each detector's state over the window (drift if it detected one at any
/// point in the window) and the window's join counts; set <c>modelMonitor.ConceptDriftSource = monitor.CloseWindow</c> to have
/// them in each <see cref="MonitoringReport"/>, where a drift raises a <see cref="MonitoringAlertKinds.ConceptDrift"/> alert.</para>
/// <para>Thread-safe: one lock guards the pending predictions and the detectors (which are not thread-safe themselves).</para>
/// </remarks>
public sealed class ConceptDriftMonitor<TPrediction, TLabel>
{
    private readonly Func<TPrediction, TLabel, double> _error;
    private readonly ConceptDriftMonitorOptions _options;
    private readonly TimeProvider _time;
    private readonly (string Name, IConceptDriftDetector Detector)[] _detectors;
    private readonly long[] _windowDetections;
    private readonly bool _binaryErrors;
    private readonly Dictionary<string, LinkedListNode<Pending>> _pending = new(StringComparer.Ordinal);
    private readonly LinkedList<Pending> _byAge = new();
    private readonly HashSet<string> _expiredIds = new(StringComparer.Ordinal);
    private readonly Queue<string> _expiredOrder = new();
    private readonly Lock _gate = new();
    private Counts _total;
    private Counts _window;
    private double _windowErrorSum;
    private long _windowErrorCount;

    /// <summary>Initializes a new instance of the <see cref="ConceptDriftMonitor{TPrediction, TLabel}"/> class.</summary>
    /// <param name="error">The error of one prediction given its label: 0 or 1 for a classifier (required by DDM), or a loss (then
    /// leave DDM out with <see cref="ConceptDriftMonitorOptions.Ddm"/> = <see langword="null"/>).</param>
    /// <param name="options">The options, or <see langword="null"/> for the defaults (ADWIN, DDM and Page–Hinkley with River's defaults).</param>
    /// <param name="timeProvider">The clock for label expiry, or <see langword="null"/> for the system clock.</param>
    /// <exception cref="InvalidMonitoringInputException">An option is out of range, or every detector is left out.</exception>
    public ConceptDriftMonitor(Func<TPrediction, TLabel, double> error, ConceptDriftMonitorOptions? options = null, TimeProvider? timeProvider = null)
    {
        _error = error ?? throw new ArgumentNullException(nameof(error));
        _options = options ?? new ConceptDriftMonitorOptions();
        _time = timeProvider ?? TimeProvider.System;
        if (_options.MaxPendingPredictions < 1)
        {
            throw new InvalidMonitoringInputException(nameof(ConceptDriftMonitorOptions.MaxPendingPredictions), $"must be at least 1, not {_options.MaxPendingPredictions}");
        }

        if (_options.MaxRememberedExpiredIds < 0)
        {
            throw new InvalidMonitoringInputException(nameof(ConceptDriftMonitorOptions.MaxRememberedExpiredIds), $"must be at least 0, not {_options.MaxRememberedExpiredIds}");
        }

        if (_options.LabelTimeToLive <= TimeSpan.Zero)
        {
            throw new InvalidMonitoringInputException(nameof(ConceptDriftMonitorOptions.LabelTimeToLive), $"must be positive, not {_options.LabelTimeToLive}");
        }

        var detectors = new List<(string, IConceptDriftDetector)>();
        if (_options.Adwin is { } adwin)
        {
            detectors.Add(("ADWIN", new AdwinDetector(adwin)));
        }

        if (_options.Ddm is { } ddm)
        {
            detectors.Add(("DDM", new DdmDetector(ddm)));
            _binaryErrors = true;
        }

        if (_options.PageHinkley is { } pageHinkley)
        {
            detectors.Add(("Page-Hinkley", new PageHinkleyDetector(pageHinkley)));
        }

        if (detectors.Count == 0)
        {
            throw new InvalidMonitoringInputException(nameof(options), "no detector is enabled (Adwin, Ddm and PageHinkley are all null)");
        }

        _detectors = [.. detectors];
        _windowDetections = new long[_detectors.Length];
    }

    /// <summary>Gets the join counts since the monitor was created (<see cref="LabelJoinCounts.PendingPredictions"/> as of now).</summary>
    public LabelJoinCounts Totals
    {
        get
        {
            lock (_gate)
            {
                ExpireOld(_time.GetUtcNow());
                return _total.ToRecord(_pending.Count);
            }
        }
    }

    /// <summary>Records a prediction whose label will come later.</summary>
    /// <param name="predictionId">The prediction's id (for example the routing package's prediction id); ordinal.</param>
    /// <param name="prediction">What the model predicted.</param>
    /// <exception cref="ArgumentException">The id is null or empty.</exception>
    public void RecordPrediction(string predictionId, TPrediction prediction)
    {
        ArgumentException.ThrowIfNullOrEmpty(predictionId);
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            ExpireOld(now);
            _total.Recorded++;
            _window.Recorded++;
            if (_pending.Remove(predictionId, out var existing))
            {
                _byAge.Remove(existing);
                _total.Replaced++;
                _window.Replaced++;
            }
            else if (_pending.Count >= _options.MaxPendingPredictions)
            {
                var oldest = _byAge.First!;
                _byAge.RemoveFirst();
                _pending.Remove(oldest.Value.Id);
                Remember(oldest.Value.Id);
                _total.Evicted++;
                _window.Evicted++;
            }

            _expiredIds.Remove(predictionId);
            _pending[predictionId] = _byAge.AddLast(new Pending(predictionId, prediction, now));
        }
    }

    /// <summary>Gives the label of a recorded prediction: when the prediction is pending, computes the error and feeds the detectors.</summary>
    /// <param name="predictionId">The prediction's id, as given to <see cref="RecordPrediction"/>.</param>
    /// <param name="label">The true outcome.</param>
    /// <returns>Whether the label was joined, or why not (also counted in <see cref="Totals"/> and the window).</returns>
    /// <exception cref="ArgumentException">The id is null or empty.</exception>
    /// <exception cref="InvalidMonitoringInputException">The error is NaN or infinite, or not 0 or 1 while DDM is enabled; the
    /// prediction stays pending and nothing is fed.</exception>
    public LabelMatch RecordLabel(string predictionId, TLabel label)
    {
        ArgumentException.ThrowIfNullOrEmpty(predictionId);
        lock (_gate)
        {
            ExpireOld(_time.GetUtcNow());
            if (!_pending.TryGetValue(predictionId, out var node))
            {
                if (_expiredIds.Remove(predictionId))
                {
                    _total.Expired++;
                    _window.Expired++;
                    return LabelMatch.Expired;
                }

                _total.Unmatched++;
                _window.Unmatched++;
                return LabelMatch.Unmatched;
            }

            var error = Error(node.Value.Prediction, label);
            _pending.Remove(predictionId);
            _byAge.Remove(node);
            _total.Joined++;
            _window.Joined++;
            Feed(error);
            return LabelMatch.Joined;
        }
    }

    /// <summary>Feeds one outcome whose prediction and label are both known now; nothing is stored.</summary>
    /// <param name="prediction">What the model predicted.</param>
    /// <param name="label">The true outcome.</param>
    /// <exception cref="InvalidMonitoringInputException">The error is NaN or infinite, or not 0 or 1 while DDM is enabled.</exception>
    public void RecordOutcome(TPrediction prediction, TLabel label)
    {
        lock (_gate)
        {
            var error = Error(prediction, label);
            _total.Direct++;
            _window.Direct++;
            Feed(error);
        }
    }

    /// <summary>Returns the window's detector states and join counts and starts a new window (the detectors keep their state).</summary>
    /// <returns>The window.</returns>
    public ConceptDriftWindow CloseWindow()
    {
        lock (_gate)
        {
            ExpireOld(_time.GetUtcNow());
            var statuses = new ConceptDriftStatus[_detectors.Length];
            for (var i = 0; i < _detectors.Length; i++)
            {
                var (name, detector) = _detectors[i];
                statuses[i] = new ConceptDriftStatus(name, _windowDetections[i] > 0 ? ConceptDriftState.Drift : detector.State, detector.Observations)
                {
                    WindowDetections = _windowDetections[i],
                    Detections = detector.Detections,
                };
            }

            var window = new ConceptDriftWindow(statuses, _window.ToRecord(_pending.Count), _windowErrorCount > 0 ? _windowErrorSum / _windowErrorCount : null);
            Array.Clear(_windowDetections);
            _window = default;
            _windowErrorSum = 0;
            _windowErrorCount = 0;
            return window;
        }
    }

    private double Error(TPrediction prediction, TLabel label)
    {
        var error = _error(prediction, label);
        if (!double.IsFinite(error))
        {
            throw new InvalidMonitoringInputException("error", $"the error function returned {error}; it must be finite");
        }

        if (_binaryErrors && error is not (0.0 or 1.0))
        {
            throw new InvalidMonitoringInputException("error", $"the error function returned {error}, but DDM takes errors of 0 or 1 only (set Ddm = null for a continuous loss)");
        }

        return error;
    }

    private void Feed(double error)
    {
        for (var i = 0; i < _detectors.Length; i++)
        {
            if (_detectors[i].Detector.Update(error) == ConceptDriftState.Drift)
            {
                _windowDetections[i]++;
            }
        }

        _windowErrorSum += error;
        _windowErrorCount++;
    }

    private void ExpireOld(DateTimeOffset now)
    {
        var cutoff = now - _options.LabelTimeToLive;
        while (_byAge.First is { } oldest && oldest.Value.RecordedAt <= cutoff)
        {
            _byAge.RemoveFirst();
            _pending.Remove(oldest.Value.Id);
            Remember(oldest.Value.Id);
            _total.ExpiredPredictions++;
            _window.ExpiredPredictions++;
        }
    }

    private void Remember(string id)
    {
        if (_options.MaxRememberedExpiredIds == 0 || !_expiredIds.Add(id))
        {
            return;
        }

        _expiredOrder.Enqueue(id);
        while (_expiredOrder.Count > _options.MaxRememberedExpiredIds)
        {
            _expiredIds.Remove(_expiredOrder.Dequeue());
        }
    }

    private sealed record Pending(string Id, TPrediction Prediction, DateTimeOffset RecordedAt);

    private struct Counts
    {
        public long Recorded;
        public long Replaced;
        public long Joined;
        public long Direct;
        public long Unmatched;
        public long Expired;
        public long ExpiredPredictions;
        public long Evicted;

        public readonly LabelJoinCounts ToRecord(int pending) => new()
        {
            PendingPredictions = pending,
            RecordedPredictions = Recorded,
            ReplacedPredictions = Replaced,
            JoinedLabels = Joined,
            DirectOutcomes = Direct,
            UnmatchedLabels = Unmatched,
            ExpiredLabels = Expired,
            ExpiredPredictions = ExpiredPredictions,
            EvictedPredictions = Evicted,
        };
    }
}
