using System.Diagnostics.Metrics;
using ModelOps.Sdk.Telemetry;

namespace ModelOps.Sdk.Tests.Registry;

/// <summary>
/// Counts <c>modelops.registry.scopes_folded</c> recorded on this test's own async flow: the meter is process-wide and other tests
/// fold scopes in parallel, but a fold runs inside the call that needed it, so it carries the flow's marker.
/// </summary>
internal sealed class ScopesFoldedCounter : IDisposable
{
    private static readonly AsyncLocal<ScopesFoldedCounter?> Current = new();
    private readonly MeterListener _listener = new();
    private long _count;

    public ScopesFoldedCounter()
    {
        Current.Value = this;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ModelOpsTelemetry.MeterName && instrument.Name == "modelops.registry.scopes_folded")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) =>
        {
            if (Current.Value is { } counter)
            {
                Interlocked.Add(ref counter._count, value);
            }
        });
        _listener.Start();
    }

    public long Count => Interlocked.Read(ref _count);

    public void Dispose()
    {
        Current.Value = null;
        _listener.Dispose();
    }
}
