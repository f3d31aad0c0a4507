using System.ComponentModel.DataAnnotations;
using ModelOps.Sdk.Configuration;

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
}
