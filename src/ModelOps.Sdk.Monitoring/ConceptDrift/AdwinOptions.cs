namespace ModelOps.Sdk.Monitoring.ConceptDrift;

/// <summary>Options of <see cref="AdwinDetector"/>; the defaults are River's <c>drift.ADWIN</c>.</summary>
public sealed class AdwinOptions
{
    /// <summary>Gets or sets δ, the confidence of each cut test (smaller means fewer false alarms, slower detection). The default value is 0.002.</summary>
    public double Delta { get; set; } = 0.002;

    /// <summary>Gets or sets how often, in observations, the window is checked for a cut. The default value is 32.</summary>
    public int Clock { get; set; } = 32;

    /// <summary>Gets or sets M, the number of buckets of each size kept before two are merged. The default value is 5.</summary>
    public int MaxBuckets { get; set; } = 5;

    /// <summary>Gets or sets the minimum length of each sub-window in a cut. The default value is 5.</summary>
    public int MinWindowLength { get; set; } = 5;

    /// <summary>Gets or sets the window length below which no cut is tested. The default value is 10.</summary>
    public int GracePeriod { get; set; } = 10;
}
