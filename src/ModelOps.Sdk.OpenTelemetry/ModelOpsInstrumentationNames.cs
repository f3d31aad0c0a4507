using ModelOps.Sdk.Telemetry;

namespace ModelOps.Sdk;

/// <summary>The name of every meter and activity source the ModelOps.Sdk packages publish.</summary>
/// <remarks>
/// The routing and monitoring names are written out rather than read from those packages so that this package depends on the
/// core only; an application that does not use routing or monitoring subscribes to names nothing publishes, at no cost.
/// </remarks>
public static class ModelOpsInstrumentationNames
{
    /// <summary>The routing meter and activity source (<c>RoutingTelemetry.MeterName</c> in ModelOps.Sdk.Routing).</summary>
    public const string Routing = "ModelOps.Sdk.Routing";

    /// <summary>The monitoring meter (<c>MonitoringMetrics.MeterName</c> in ModelOps.Sdk.Monitoring).</summary>
    public const string Monitoring = "ModelOps.Sdk.Monitoring";

    /// <summary>Gets the meters: core (<see cref="ModelOpsTelemetry.MeterName"/>), routing and monitoring.</summary>
    public static IReadOnlyList<string> Meters { get; } = [ModelOpsTelemetry.MeterName, Routing, Monitoring];

    /// <summary>Gets the activity sources: core (<see cref="ModelOpsTelemetry.ActivitySourceName"/>) and routing.</summary>
    public static IReadOnlyList<string> ActivitySources { get; } = [ModelOpsTelemetry.ActivitySourceName, Routing];
}
