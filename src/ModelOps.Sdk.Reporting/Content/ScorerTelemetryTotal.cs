using ModelOps.Sdk.Telemetry;

namespace ModelOps.Sdk.Reporting;

/// <summary>
/// The sum of scorer telemetry snapshots of one model version, equal to folding them with <see cref="ScorerTelemetrySnapshot.Merge"/>
/// (calls, errors and latency buckets added, instances united, the period spanning them all) without a new snapshot per step: a
/// month of hourly telemetry from two instances is 1,440 snapshots a version, summed per hour, per day and in total.
/// </summary>
internal sealed class ScorerTelemetryTotal
{
    private readonly long[] _latency = new long[ScorerLatencyHistogram.BucketUpperBoundsSeconds.Count + 1];
    private readonly SortedSet<string> _instances = new(StringComparer.Ordinal);
    private ScorerTelemetrySnapshot? _first;
    private long _calls;
    private long _errors;

    /// <summary>Gets the start of the earliest period added.</summary>
    public DateTimeOffset PeriodStart { get; private set; }

    /// <summary>Gets the end of the latest period added.</summary>
    public DateTimeOffset PeriodEnd { get; private set; }

    /// <summary>Adds a snapshot.</summary>
    /// <exception cref="ArgumentException">The snapshot is of another model or version than those added before (as <see cref="ScorerTelemetrySnapshot.Merge"/>).</exception>
    public void Add(ScorerTelemetrySnapshot snapshot)
    {
        Include(snapshot, snapshot.PeriodStart, snapshot.PeriodEnd, snapshot.Calls, snapshot.Errors);
        _instances.UnionWith(snapshot.Instances);
        AddLatency(snapshot.Latency.Counts);
    }

    /// <summary>Adds every snapshot another total holds.</summary>
    /// <exception cref="ArgumentException">The other total is of another model or version.</exception>
    public void Add(ScorerTelemetryTotal other)
    {
        if (other._first is null)
        {
            return;
        }

        Include(other._first, other.PeriodStart, other.PeriodEnd, other._calls, other._errors);
        _instances.UnionWith(other._instances);
        AddLatency(other._latency);
    }

    /// <summary>The sum as one snapshot.</summary>
    /// <exception cref="InvalidOperationException">Nothing was added.</exception>
    public ScorerTelemetrySnapshot ToSnapshot() => (_first ?? throw new InvalidOperationException("No scorer telemetry was added.")) with
    {
        Instances = [.. _instances],
        PeriodStart = PeriodStart,
        PeriodEnd = PeriodEnd,
        Calls = _calls,
        Errors = _errors,
        Latency = new ScorerLatencyHistogram(_latency),
    };

    private void AddLatency(IReadOnlyList<long> counts)
    {
        for (var i = 0; i < _latency.Length; i++)
        {
            _latency[i] = checked(_latency[i] + counts[i]);
        }
    }

    private void Include(ScorerTelemetrySnapshot of, DateTimeOffset start, DateTimeOffset end, long calls, long errors)
    {
        if (_first is null)
        {
            _first = of;
            PeriodStart = start;
            PeriodEnd = end;
        }
        else if (!string.Equals(_first.ModelName, of.ModelName, StringComparison.Ordinal) || _first.ModelVersion != of.ModelVersion)
        {
            throw new ArgumentException($"The scorer telemetry of '{of.ModelName}' version {of.ModelVersion} cannot be merged with that of '{_first.ModelName}' version {_first.ModelVersion}.", nameof(of));
        }

        PeriodStart = start < PeriodStart ? start : PeriodStart;
        PeriodEnd = end > PeriodEnd ? end : PeriodEnd;
        _calls = checked(_calls + calls);
        _errors = checked(_errors + errors);
    }
}
