namespace ModelOps.Sdk.Monitoring.ConceptDrift;

/// <summary>
/// ADWIN, adaptive windowing (Bifet and Gavaldà, "Learning from Time-Changing Data with Adaptive Windowing", SIAM SDM 2007), as
/// River's <c>drift.ADWIN</c>: a window of recent values, kept in exponential histograms, that drops its older part whenever the
/// means of an older and a newer sub-window differ by more than the Hoeffding/Bernstein bound ε_cut.
/// </summary>
/// <remarks>
/// <para>
/// Every <see cref="AdwinOptions.Clock"/> observations, each split W = W0 · W1 (both at least
/// <see cref="AdwinOptions.MinWindowLength"/> long) is tested with
/// ε_cut = √(2 · (1/m0 + 1/m1) · σ²_W · δ') + ⅔ · δ' · (1/m0 + 1/m1), δ' = ln(2 ln|W| / δ), m_i = |W_i| − min + 1,
/// the form River uses (the variance-based bound of the paper's section 4); on a cut the oldest bucket is dropped and the test
/// repeats. As River's <c>ADWIN.update</c>, the observation after a drift starts a new, empty window (River replaces its
/// <c>AdaptiveWindowing</c> helper), so one change is reported once. Memory is O(M log |W|) buckets.
/// Not thread-safe.
/// </para>
/// </remarks>
public sealed class AdwinDetector : IConceptDriftDetector
{
    private readonly AdwinOptions _options;
    private readonly List<BucketRow> _rows = [];
    private long _tick;
    private double _total;
    private double _variance;

    /// <summary>Initializes a new instance of the <see cref="AdwinDetector"/> class.</summary>
    /// <param name="options">The options; <see langword="null"/> for River's defaults.</param>
    /// <exception cref="InvalidMonitoringInputException">An option is out of range.</exception>
    public AdwinDetector(AdwinOptions? options = null)
    {
        _options = options ?? new AdwinOptions();
        if (!(_options.Delta > 0 && _options.Delta < 1))
        {
            throw new InvalidMonitoringInputException(nameof(AdwinOptions.Delta), $"must be in (0, 1), not {_options.Delta}");
        }

        if (_options.Clock < 1 || _options.MaxBuckets < 1 || _options.MinWindowLength < 1 || _options.GracePeriod < 0)
        {
            throw new InvalidMonitoringInputException(nameof(AdwinOptions.Clock), "clock, max buckets and min window length must be at least 1, grace period at least 0");
        }

        Reset();
    }

    /// <inheritdoc/>
    public ConceptDriftState State { get; private set; }

    /// <inheritdoc/>
    public long Observations { get; private set; }

    /// <inheritdoc/>
    public long Detections { get; private set; }

    /// <summary>Gets the current window length |W|.</summary>
    public double Width { get; private set; }

    /// <summary>Gets the mean of the window, the current estimate of the stream's mean (for an error stream, the error rate).</summary>
    public double Estimation => Width == 0 ? 0 : _total / Width;

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
        Insert(value);
        var drift = DetectChange();
        if (drift)
        {
            Detections++;
        }

        State = drift ? ConceptDriftState.Drift : ConceptDriftState.Stable;
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
        _rows.Clear();
        _rows.Add(new BucketRow(_options.MaxBuckets));
        _tick = 0;
        _total = 0;
        _variance = 0;
        Width = 0;
        State = ConceptDriftState.Stable;
    }

    private static double BucketSize(int row) => Math.Pow(2, row);

    private void Insert(double value)
    {
        _rows[0].Add(value, 0.0);
        Width += 1;
        if (Width > 1)
        {
            var previousMean = _total / (Width - 1);
            _variance += (Width - 1) * (value - previousMean) * (value - previousMean) / Width;
        }

        _total += value;
        Compress();
    }

    // When a row holds M + 1 buckets, its two oldest merge into one bucket of the next row (Chan et al. for the variance).
    private void Compress()
    {
        for (var row = 0; row < _rows.Count; row++)
        {
            var bucket = _rows[row];
            if (bucket.Count != _options.MaxBuckets + 1)
            {
                break;
            }

            if (row + 1 == _rows.Count)
            {
                _rows.Add(new BucketRow(_options.MaxBuckets));
            }

            var size = BucketSize(row);
            var mean1 = bucket.Totals[0] / size;
            var mean2 = bucket.Totals[1] / size;
            var variance = bucket.Variances[0] + bucket.Variances[1] + (size * size * (mean1 - mean2) * (mean1 - mean2) / (2 * size));
            _rows[row + 1].Add(bucket.Totals[0] + bucket.Totals[1], variance);
            bucket.RemoveOldest(2);
            if (_rows[row + 1].Count <= _options.MaxBuckets)
            {
                break;
            }
        }
    }

    private double DeleteOldest()
    {
        var last = _rows.Count - 1;
        var bucket = _rows[last];
        var n = BucketSize(last);
        var u = bucket.Totals[0];
        var mu = u / n;
        var v = bucket.Variances[0];
        Width -= n;
        _total -= u;
        var windowMean = _total / Width;
        _variance -= v + (n * Width * (mu - windowMean) * (mu - windowMean) / (n + Width));
        bucket.RemoveOldest(1);
        if (bucket.Count == 0)
        {
            _rows.RemoveAt(last);
        }

        return n;
    }

    private bool DetectChange()
    {
        var changed = false;
        _tick++;
        if (_tick % _options.Clock != 0 || Width <= _options.GracePeriod)
        {
            return false;
        }

        var reduce = true;
        while (reduce)
        {
            reduce = false;
            var exit = false;
            double n0 = 0, n1 = Width, u0 = 0, u1 = _total;

            // From the oldest buckets to the newest: W0 grows, W1 shrinks. As River, the newest bucket of each row is not a cut point.
            for (var row = _rows.Count - 1; row >= 0 && !exit; row--)
            {
                var bucket = _rows[row];
                var size = BucketSize(row);
                for (var k = 0; k < bucket.Count - 1; k++)
                {
                    n0 += size;
                    n1 -= size;
                    u0 += bucket.Totals[k];
                    u1 -= bucket.Totals[k];
                    if (row == 0 && k == bucket.Count - 1)
                    {
                        exit = true;
                        break;
                    }

                    var meanDifference = (u0 / n0) - (u1 / n1);
                    if (n1 >= _options.MinWindowLength && n0 >= _options.MinWindowLength && Cut(n0, n1, meanDifference))
                    {
                        reduce = true;
                        changed = true;
                        if (Width > 0)
                        {
                            DeleteOldest();
                            exit = true;
                            break;
                        }
                    }
                }
            }
        }

        return changed;
    }

    private bool Cut(double n0, double n1, double meanDifference)
    {
        var deltaPrime = Math.Log(2 * Math.Log(Width) / _options.Delta);
        var reciprocal = (1.0 / (n0 - _options.MinWindowLength + 1)) + (1.0 / (n1 - _options.MinWindowLength + 1));
        var epsilon = Math.Sqrt(2 * reciprocal * (_variance / Width) * deltaPrime) + (2.0 / 3.0 * deltaPrime * reciprocal);
        return Math.Abs(meanDifference) > epsilon;
    }

    /// <summary>The buckets of one size 2^row, oldest first.</summary>
    private sealed class BucketRow(int maxBuckets)
    {
        public double[] Totals { get; } = new double[maxBuckets + 1];

        public double[] Variances { get; } = new double[maxBuckets + 1];

        public int Count { get; private set; }

        public void Add(double total, double variance)
        {
            Totals[Count] = total;
            Variances[Count] = variance;
            Count++;
        }

        public void RemoveOldest(int count)
        {
            Array.Copy(Totals, count, Totals, 0, Totals.Length - count);
            Array.Copy(Variances, count, Variances, 0, Variances.Length - count);
            Array.Clear(Totals, Totals.Length - count, count);
            Array.Clear(Variances, Variances.Length - count, count);
            Count -= count;
        }
    }
}
