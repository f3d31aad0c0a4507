using System.ComponentModel.DataAnnotations;
using ModelOps.Sdk.Configuration;
using ModelOps.Sdk.Telemetry;

namespace ModelOps.Sdk.Hosting;

/// <summary>Settings of the hosting layer, bound from <c>ModelOps:Hosting</c>.</summary>
[ModelOpsOptionsSection(SectionName)]
public sealed class ModelOpsHostingOptions
{
    /// <summary>The configuration section these options bind from, relative to the <c>ModelOps</c> section: <c>ModelOps:Hosting</c>.</summary>
    public const string SectionName = "Hosting";

    /// <summary>
    /// Gets or sets how long a scorer registered with <c>AddScorer</c> waits before trying again when its first version cannot be
    /// loaded (for example because the alias does not exist yet).
    /// </summary>
    /// <value>The default value is 5 seconds. It must be between 10 milliseconds and 1 hour.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ErrorMessage = "ModelOps:Hosting:ScorerLoadRetryInterval must be between 00:00:00.010 and 01:00:00.")]
    public TimeSpan ScorerLoadRetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets or sets the period of the scorer telemetry snapshots this instance saves (<see cref="ScorerTelemetrySnapshot"/>, a
    /// <see cref="DocumentKinds.ScorerTelemetry"/> document per version): at the end of each period, aligned to midnight UTC as
    /// monitoring windows are, so every instance's snapshots of a period merge. <see cref="TimeSpan.Zero"/> saves none.
    /// </summary>
    /// <value>The default value is 1 hour: the report's load is in calls per hour, and a year of hourly snapshots of one instance is
    /// 8,760 small documents per version (retention limits them). Otherwise at least 1 minute, at most 1 day, and a divisor of a day.</value>
    public TimeSpan ScorerTelemetryInterval { get; set; } = TimeSpan.FromHours(1);
}
