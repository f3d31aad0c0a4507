using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ModelOps.Sdk.Telemetry;

namespace ModelOps.Sdk.Hosting.Telemetry;

/// <summary>
/// Listens to the core meter's scorer instruments and hands out, on each <see cref="Collect"/>, what was counted since the last one,
/// per model and version (summed over aliases): the calls (exact, read from the observable counter's cumulative totals), the errors
/// (exact) and the sampled latencies in the fixed buckets of <see cref="ScorerLatencyHistogram"/>.
/// </summary>
/// <remarks>
/// Nothing runs on a scoring call that the instrumentation did not already do: the call counter is observable (read here, on
/// <see cref="Collect"/>), and the callbacks run only for the sampled durations (about one call in 256) and for failed calls, each
/// an interlocked add to a cumulative counter that is never reset (deltas are taken on <see cref="Collect"/>, so nothing is lost
/// to a race with it). Subscribing enables the call counting of <c>modelops.scorer.calls</c>, as any metrics listener does.
/// </remarks>
internal sealed class ScorerTelemetryListener : IDisposable
{
    private const string CallsName = "modelops.scorer.calls";
    private const string ErrorsName = "modelops.scorer.errors";
    private const string DurationName = "modelops.scorer.duration";
    private const string ModelTag = "modelops.model.name";
    private const string VersionTag = "modelops.model.version";
    private const string AliasTag = "modelops.alias";

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Model, int Version), Cumulative> _cumulative = new();
    private readonly Dictionary<(string Model, string? Alias, int Version), long> _callTotals = [];
    private readonly Dictionary<(string Model, int Version), Reading> _collected = [];
    private readonly Lock _collecting = new();

    public ScorerTelemetryListener()
    {
        _listener.InstrumentPublished = static (instrument, listener) =>
        {
            if (instrument.Meter.Name == ModelOpsTelemetry.MeterName && instrument.Name is CallsName or ErrorsName or DurationName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnLong);
        _listener.SetMeasurementEventCallback<double>(OnDouble);
        _listener.Start();

        // The call counts are cumulative for the life of the process: what scorers served before this listener (an earlier host
        // in the same process) is the baseline, not this listener's first period.
        _ = Collect();
    }

    /// <summary>Reads what was counted since the last call, per model and version; versions without a call or an error are left out.</summary>
    public IReadOnlyList<ScorerTelemetryDelta> Collect()
    {
        lock (_collecting)
        {
            // The observable counter reports each series' cumulative total through OnLong, on this thread.
            _callTotals.Clear();
            _listener.RecordObservableInstruments();
            var calls = new Dictionary<(string Model, int Version), long>();
            foreach (var ((model, _, version), total) in _callTotals)
            {
                calls[(model, version)] = calls.GetValueOrDefault((model, version)) + total;
            }

            foreach (var key in _cumulative.Keys)
            {
                calls.TryAdd(key, calls.GetValueOrDefault(key));
            }

            var deltas = new List<ScorerTelemetryDelta>();
            foreach (var (key, totalCalls) in calls)
            {
                var now = new Reading(totalCalls, _cumulative.TryGetValue(key, out var c) ? c.Read() : (0, new long[ScorerLatencyHistogram.BucketUpperBoundsSeconds.Count + 1]));
                var before = _collected.GetValueOrDefault(key);
                _collected[key] = now;
                var callDelta = Math.Max(0, now.Calls - (before?.Calls ?? 0));
                var errorDelta = Math.Max(0, now.Errors - (before?.Errors ?? 0));
                var buckets = new long[now.Buckets.Length];
                for (var i = 0; i < buckets.Length; i++)
                {
                    buckets[i] = Math.Max(0, now.Buckets[i] - (before?.Buckets[i] ?? 0));
                }

                if (callDelta > 0 || errorDelta > 0)
                {
                    deltas.Add(new ScorerTelemetryDelta(key.Model, key.Version, callDelta, errorDelta, new ScorerLatencyHistogram(buckets)));
                }
            }

            return deltas;
        }
    }

    public void Dispose() => _listener.Dispose();

    private static bool TryReadSeries(ReadOnlySpan<KeyValuePair<string, object?>> tags, out string model, out string? alias, out int version)
    {
        (model, alias, version) = (string.Empty, null, 0);
        var found = 0;
        foreach (var tag in tags)
        {
            switch (tag.Key)
            {
                case ModelTag when tag.Value is string m:
                    model = m;
                    found |= 1;
                    break;
                case VersionTag when tag.Value is int v:
                    version = v;
                    found |= 2;
                    break;
                case AliasTag when tag.Value is string a:
                    alias = a;
                    break;
            }
        }

        return found == 3;
    }

    private void OnLong(Instrument instrument, long measurement, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (!TryReadSeries(tags, out var model, out var alias, out var version))
        {
            return;
        }

        if (instrument.Name == CallsName)
        {
            // Only during RecordObservableInstruments, under _collecting.
            _callTotals[(model, alias, version)] = _callTotals.GetValueOrDefault((model, alias, version)) + measurement;
        }
        else
        {
            _cumulative.GetOrAdd((model, version), static _ => new Cumulative()).AddErrors(measurement);
        }
    }

    private void OnDouble(Instrument instrument, double measurement, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (TryReadSeries(tags, out var model, out _, out var version))
        {
            _cumulative.GetOrAdd((model, version), static _ => new Cumulative()).AddLatency(measurement);
        }
    }

    /// <summary>The errors and latency buckets counted since the listener started, never reset.</summary>
    private sealed class Cumulative
    {
        private readonly long[] _buckets = new long[ScorerLatencyHistogram.BucketUpperBoundsSeconds.Count + 1];
        private long _errors;

        public void AddErrors(long count) => Interlocked.Add(ref _errors, count);

        public void AddLatency(double seconds) => Interlocked.Increment(ref _buckets[ScorerLatencyHistogram.BucketOf(seconds)]);

        public (long Errors, long[] Buckets) Read()
        {
            var buckets = new long[_buckets.Length];
            for (var i = 0; i < buckets.Length; i++)
            {
                buckets[i] = Interlocked.Read(ref _buckets[i]);
            }

            return (Interlocked.Read(ref _errors), buckets);
        }
    }

    private sealed record Reading(long Calls, long Errors, long[] Buckets)
    {
        public Reading(long calls, (long Errors, long[] Buckets) counted)
            : this(calls, counted.Errors, counted.Buckets)
        {
        }
    }
}
