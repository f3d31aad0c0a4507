using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ModelOps.Sdk.Routing.Telemetry;

/// <summary>
/// The routing runtime's instruments, on the meter and activity source named <see cref="MeterName"/>, so OpenTelemetry and
/// Prometheus collect them with <c>AddMeter("ModelOps.Sdk.Routing")</c> and <c>AddSource("ModelOps.Sdk.Routing")</c>.
/// </summary>
/// <remarks>
/// <para>Every measurement carries the tags <c>modelops.model</c>, <c>modelops.experiment</c>, <c>modelops.arm</c> and
/// <c>modelops.version</c>. Instruments:</para>
/// <list type="bullet">
/// <item><c>modelops.routing.calls</c> (counter): routed calls per arm and version, shadow calls included (tag <c>modelops.shadow</c>).</item>
/// <item><c>modelops.routing.errors</c> (counter): calls that threw or timed out.</item>
/// <item><c>modelops.routing.duration</c> (histogram, seconds): time spent scoring.</item>
/// <item><c>modelops.routing.shadow.dropped</c> (counter): shadow calls dropped because the shadow queue was full.</item>
/// </list>
/// <para>When an <see cref="Activity"/> is current, each routed call sets the tags <c>modelops.experiment</c>, <c>modelops.arm</c>,
/// <c>modelops.version</c> and <c>modelops.prediction_id</c> on it.</para>
/// </remarks>
public sealed class RoutingTelemetry : IDisposable
{
    /// <summary>The meter's and activity source's name.</summary>
    public const string MeterName = "ModelOps.Sdk.Routing";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;

    /// <summary>Initializes a new instance of the <see cref="RoutingTelemetry"/> class.</summary>
    /// <param name="meterFactory">The meter factory from dependency injection, or <see langword="null"/> to create the meter directly.</param>
    public RoutingTelemetry(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        Calls = _meter.CreateCounter<long>("modelops.routing.calls", "{call}", "Routed calls per model, experiment, arm and version.");
        Errors = _meter.CreateCounter<long>("modelops.routing.errors", "{call}", "Routed calls that threw or timed out.");
        Duration = _meter.CreateHistogram<double>("modelops.routing.duration", "s", "Time spent scoring a routed call.");
        ShadowDropped = _meter.CreateCounter<long>("modelops.routing.shadow.dropped", "{call}", "Shadow calls dropped because the shadow queue was full.");
    }

    /// <summary>Gets the activity source whose activities carry routing decisions.</summary>
    public static ActivitySource ActivitySource { get; } = new(MeterName);

    internal Counter<long> Calls { get; }

    internal Counter<long> Errors { get; }

    internal Histogram<double> Duration { get; }

    internal Counter<long> ShadowDropped { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
