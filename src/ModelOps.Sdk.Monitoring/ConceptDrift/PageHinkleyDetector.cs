namespace ModelOps.Sdk.Monitoring.ConceptDrift;

/// <summary>
/// The Page–Hinkley test (Page, "Continuous Inspection Schemes", Biometrika 41, 1954) for a change in the mean of a stream, as
/// River's <c>drift.PageHinkley</c>.
/// </summary>
/// <remarks>
/// With x̄_t the running mean, the sums U_t = α·U_{t−1} + (x_t − x̄_t − δ) and L_t = α·L_{t−1} + (x_t − x̄_t + δ) are tracked
/// with their running minimum and maximum; a drift is raised (after <see cref="PageHinkleyOptions.MinInstances"/> observations)
/// when U_t − min U &gt; λ (increase) or max L − L_t &gt; λ (decrease), as <see cref="PageHinkleyOptions.Mode"/> selects. After
/// a drift the next observation starts afresh. Not thread-safe; O(1) memory.
/// </remarks>
public sealed class PageHinkleyDetector : IConceptDriftDetector
{
    private readonly PageHinkleyOptions _options;
    private long _count;
    private double _mean;
    private double _sumIncrease;
    private double _sumDecrease;
    private double _minIncrease;
    private double _maxDecrease;

    /// <summary>Initializes a new instance of the <see cref="PageHinkleyDetector"/> class.</summary>
    /// <param name="options">The options; <see langword="null"/> for River's defaults.</param>
    /// <exception cref="InvalidMonitoringInputException">An option is out of range.</exception>
    public PageHinkleyDetector(PageHinkleyOptions? options = null)
    {
        _options = options ?? new PageHinkleyOptions();
        if (!(_options.Threshold > 0))
        {
            throw new InvalidMonitoringInputException(nameof(PageHinkleyOptions.Threshold), $"must be greater than 0, not {_options.Threshold}");
        }

        if (!(_options.Alpha > 0 && _options.Alpha <= 1))
        {
            throw new InvalidMonitoringInputException(nameof(PageHinkleyOptions.Alpha), $"must be in (0, 1], not {_options.Alpha}");
        }

        if (!(_options.Delta >= 0) || _options.MinInstances < 0)
        {
            throw new InvalidMonitoringInputException(nameof(PageHinkleyOptions.Delta), "delta and min instances must be at least 0");
        }

        ResetWindow();
    }

    /// <inheritdoc/>
    public ConceptDriftState State { get; private set; }

    /// <inheritdoc/>
    public long Observations { get; private set; }

    /// <inheritdoc/>
    public long Detections { get; private set; }

    /// <inheritdoc/>
    public ConceptDriftState Update(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new InvalidMonitoringInputException(nameof(value), $"must be finite, not {value}");
        }

        if (State == ConceptDriftState.Drift)
        {
            ResetWindow();
        }

        Observations++;
        _count++;
        _mean += (value - _mean) / _count;
        var deviation = value - _mean;
        _sumIncrease = (_options.Alpha * _sumIncrease) + deviation - _options.Delta;
        _sumDecrease = (_options.Alpha * _sumDecrease) + deviation + _options.Delta;
        _minIncrease = Math.Min(_minIncrease, _sumIncrease);
        _maxDecrease = Math.Max(_maxDecrease, _sumDecrease);

        State = ConceptDriftState.Stable;
        if (_count >= _options.MinInstances)
        {
            var up = _sumIncrease - _minIncrease > _options.Threshold;
            var down = _maxDecrease - _sumDecrease > _options.Threshold;
            var drift = _options.Mode switch
            {
                PageHinkleyMode.Up => up,
                PageHinkleyMode.Down => down,
                _ => up || down,
            };
            if (drift)
            {
                State = ConceptDriftState.Drift;
                Detections++;
            }
        }

        return State;
    }

    /// <inheritdoc/>
    public void Reset()
    {
        ResetWindow();
        Observations = 0;
        Detections = 0;
    }

    private void ResetWindow()
    {
        State = ConceptDriftState.Stable;
        _count = 0;
        _mean = 0;
        _sumIncrease = 0;
        _sumDecrease = 0;
        _minIncrease = double.PositiveInfinity;

        // River starts the running maximum at −1, not −∞; kept so decisions match.
        _maxDecrease = -1;
    }
}
