using System.ComponentModel.DataAnnotations;

namespace ModelOps.Sdk.Monitoring.Quality;

/// <summary>Thresholds of the data-quality checks.</summary>
public sealed class DataQualityOptions
{
    /// <summary>Gets or sets the share of the top value from which a column counts as almost constant.</summary>
    /// <value>The default value is 0.95.</value>
    [Range(0.5, 1.0)]
    public double AlmostConstantShare { get; set; } = 0.95;

    /// <summary>Gets or sets the share of bad rows in a window from which the quality section raises an alert.</summary>
    /// <value>The default value is 0.05.</value>
    [Range(0.0, 1.0)]
    public double BadRowShareAlert { get; set; } = 0.05;
}
