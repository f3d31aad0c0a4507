using ModelOps.Sdk.Monitoring.Drift;

namespace ModelOps.Sdk.Monitoring.Reports;

/// <summary>Overrides the automatic drift method choice for one feature or output.</summary>
public sealed class FeatureDriftOptions
{
    /// <summary>Gets or sets the method to use, or <see langword="null"/> for the automatic choice.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public DriftMethod? Method { get; set; }

    /// <summary>Gets or sets the threshold (a p-value level for tests, a distance for effect sizes), or <see langword="null"/> for the
    /// method's default.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public double? Threshold { get; set; }
}
