using ModelOps.Sdk.Routing.Statistics;
using ModelOps.Sdk.Routing.Telemetry;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Routing;

/// <summary>
/// What one arm records while one version serves it: the version, its telemetry tags (boxed once here, not per call) and its
/// statistics recorder. An arm swaps to a new instance when its alias moves, so a call never looks anything up by name.
/// </summary>
internal sealed class ArmServing
{
    private readonly KeyValuePair<string, object?>[] _tags;
    private readonly KeyValuePair<string, object?>[] _shadowTags;
    private readonly RoutingTelemetry _telemetry;

    public ArmServing(ServedModel served, string? experiment, string arm, RoutingTelemetry telemetry, ArmStatisticsRecorder? recorder)
    {
        Served = served;
        Recorder = recorder;
        _telemetry = telemetry;
        var version = (object)served.Version;
        _tags =
        [
            new("modelops.model", served.ModelName), new("modelops.experiment", experiment ?? string.Empty),
            new("modelops.arm", arm), new("modelops.version", version), new("modelops.shadow", false),
        ];
        _shadowTags = [.. _tags[..4], new("modelops.shadow", true)];
        VersionTag = version;
    }

    public ServedModel Served { get; }

    /// <summary>The version, boxed once for activity tags.</summary>
    public object VersionTag { get; }

    public ArmStatisticsRecorder? Recorder { get; }

    public void RecordCall(TimeSpan elapsed, bool failed, bool shadow, bool enrolled)
    {
        if (enrolled)
        {
            Recorder?.RecordCall(elapsed, failed);
        }

        var tags = shadow ? _shadowTags : _tags;
        if (_telemetry.Calls.Enabled)
        {
            _telemetry.Calls.Add(1, tags);
        }

        if (failed && _telemetry.Errors.Enabled)
        {
            _telemetry.Errors.Add(1, tags);
        }

        if (_telemetry.Duration.Enabled)
        {
            _telemetry.Duration.Record(elapsed.TotalSeconds, tags);
        }
    }

    /// <summary>Records a call whose latency was not measured (see <see cref="RoutingOptions.LatencySamplingInterval"/>).</summary>
    public void RecordUntimedCall(bool failed, bool shadow, bool enrolled)
    {
        if (enrolled)
        {
            Recorder?.RecordCall(failed);
        }

        var tags = shadow ? _shadowTags : _tags;
        if (_telemetry.Calls.Enabled)
        {
            _telemetry.Calls.Add(1, tags);
        }

        if (failed && _telemetry.Errors.Enabled)
        {
            _telemetry.Errors.Add(1, tags);
        }
    }

    public void RecordShadowDrop()
    {
        if (_telemetry.ShadowDropped.Enabled)
        {
            _telemetry.ShadowDropped.Add(1, _shadowTags);
        }
    }
}
