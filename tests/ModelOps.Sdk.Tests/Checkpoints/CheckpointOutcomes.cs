using System.Diagnostics.Metrics;
using ModelOps.Sdk.Telemetry;

namespace ModelOps.Sdk.Tests.Checkpoints;

/// <summary>
/// Counts <c>modelops.registry.checkpoints</c> by outcome for the test that creates it (and the work it starts), not for tests that
/// run at the same time.
/// </summary>
internal sealed class CheckpointOutcomes : IDisposable
{
    private static readonly AsyncLocal<CheckpointOutcomes?> Current = new();
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    public CheckpointOutcomes()
    {
        Current.Value = this;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ModelOpsTelemetry.MeterName && instrument.Name == "modelops.registry.checkpoints")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            // Every live instance has a listener that sees every measurement: each counts only those made in its own test's flow.
            if (Current.Value is not { } outcomes || !ReferenceEquals(outcomes, this))
            {
                return;
            }

            foreach (var tag in tags)
            {
                if (tag.Key == "modelops.checkpoint.outcome" && tag.Value is string outcome)
                {
                    lock (outcomes._counts)
                    {
                        outcomes._counts[outcome] = outcomes._counts.GetValueOrDefault(outcome) + value;
                    }
                }
            }
        });
        _listener.Start();
    }

    public long this[string outcome]
    {
        get
        {
            lock (_counts)
            {
                return _counts.GetValueOrDefault(outcome);
            }
        }
    }

    public void Dispose()
    {
        Current.Value = null;
        _listener.Dispose();
    }
}
