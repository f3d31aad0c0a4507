namespace ModelOps.Sdk.Monitoring.ConceptDrift;

/// <summary>
/// The Drift Detection Method (Gama, Medas, Castillo and Rodrigues, "Learning with Drift Detection", SBIA 2004) on a stream of
/// errors (1 = wrong prediction, 0 = right), as River's <c>drift.binary.DDM</c>.
/// </summary>
/// <remarks>
/// With p_i the error rate after i observations and s_i = √(p_i(1 − p_i)/i), the detector keeps the p_min, s_min at which
/// p + s was smallest (after the warm start) and signals a warning when p_i + s_i &gt; p_min + w·s_min and a drift when
/// p_i + s_i &gt; p_min + d·s_min. After a drift the next observation starts afresh (River resets on the next update).
/// Not thread-safe; O(1) memory.
/// </remarks>
public sealed class DdmDetector : IConceptDriftDetector
{
    private readonly DdmOptions _options;
    private long _count;
    private double _mean;
    private double _pMin;
    private double _sMin;
    private double _psMin;

    /// <summary>Initializes a new instance of the <see cref="DdmDetector"/> class.</summary>
    /// <param name="options">The options; <see langword="null"/> for River's defaults.</param>
    /// <exception cref="InvalidMonitoringInputException">An option is out of range.</exception>
    public DdmDetector(DdmOptions? options = null)
    {
        _options = options ?? new DdmOptions();
        if (_options.WarmStart < 0)
        {
            throw new InvalidMonitoringInputException(nameof(DdmOptions.WarmStart), $"must be at least 0, not {_options.WarmStart}");
        }

        if (!(_options.WarningThreshold > 0) || !(_options.DriftThreshold >= _options.WarningThreshold))
        {
            throw new InvalidMonitoringInputException(nameof(DdmOptions.DriftThreshold), $"need 0 < warning ({_options.WarningThreshold}) ≤ drift ({_options.DriftThreshold})");
        }

        ResetWindow();
    }

    /// <inheritdoc/>
    public ConceptDriftState State { get; private set; }

    /// <inheritdoc/>
    public long Observations { get; private set; }

    /// <inheritdoc/>
    public long Detections { get; private set; }

    /// <summary>Gets the error rate of the current concept (since the last drift).</summary>
    public double ErrorRate => _mean;

    /// <summary>Adds one prediction outcome.</summary>
    /// <param name="error"><see langword="true"/> when the prediction was wrong.</param>
    /// <returns>The state after this observation.</returns>
    public ConceptDriftState Update(bool error) => Update(error ? 1.0 : 0.0);

    /// <inheritdoc/>
    /// <exception cref="InvalidMonitoringInputException">The value is not 0 or 1.</exception>
    public ConceptDriftState Update(double value)
    {
        if (value is not (0.0 or 1.0))
        {
            throw new InvalidMonitoringInputException(nameof(value), $"DDM takes errors as 1 (wrong) or 0 (right), not {value}");
        }

        if (State == ConceptDriftState.Drift)
        {
            ResetWindow();
        }

        Observations++;
        _count++;
        _mean += (value - _mean) / _count;
        var p = _mean;
        var s = Math.Sqrt(p * (1 - p) / _count);
        State = ConceptDriftState.Stable;
        if (_count > _options.WarmStart)
        {
            if (p + s <= _psMin)
            {
                _pMin = p;
                _sMin = s;
                _psMin = p + s;
            }

            if (p + s > _pMin + (_options.DriftThreshold * _sMin))
            {
                State = ConceptDriftState.Drift;
                Detections++;
            }
            else if (p + s > _pMin + (_options.WarningThreshold * _sMin))
            {
                State = ConceptDriftState.Warning;
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
        _pMin = double.PositiveInfinity;
        _sMin = double.PositiveInfinity;
        _psMin = double.PositiveInfinity;
    }
}
