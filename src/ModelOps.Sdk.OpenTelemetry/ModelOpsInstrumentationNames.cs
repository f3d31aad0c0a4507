using ModelOps.Sdk.Telemetry;

namespace ModelOps.Sdk;

/// <summary>The name of every meter and activity source the ModelOps.Sdk packages publish.</summary>
/// <remarks>
/// The routing, monitoring and AI names are written out rather than read from those packages so that this package depends on the
/// core only; an application that does not use routing, monitoring or prompts subscribes to names nothing publishes, at no cost.
/// </remarks>
public static class ModelOpsInstrumentationNames
{
    /// <summary>The routing meter and activity source (<c>RoutingTelemetry.MeterName</c> in ModelOps.Sdk.Routing).</summary>
    public const string Routing = "ModelOps.Sdk.Routing";

    /// <summary>The monitoring meter (<c>MonitoringMetrics.MeterName</c> in ModelOps.Sdk.Monitoring).</summary>
    public const string Monitoring = "ModelOps.Sdk.Monitoring";

    /// <summary>The prompt flavor's meter (<c>AITelemetry.MeterName</c> in ModelOps.Sdk.AI): <c>gen_ai.client.*</c> and <c>modelops.ai.*</c>.</summary>
    public const string AI = "ModelOps.Sdk.AI";

    /// <summary>Gets the meters: core (<see cref="ModelOpsTelemetry.MeterName"/>), routing, monitoring and the prompt flavor's.</summary>
    public static IReadOnlyList<string> Meters { get; } = [ModelOpsTelemetry.MeterName, Routing, Monitoring, AI];

    /// <summary>Gets the activity sources: core (<see cref="ModelOpsTelemetry.ActivitySourceName"/>) and routing.</summary>
    public static IReadOnlyList<string> ActivitySources { get; } = [ModelOpsTelemetry.ActivitySourceName, Routing];
}
