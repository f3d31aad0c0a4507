namespace ModelOps.Sdk.Monitoring.ConceptDrift;

/// <summary>Options of <see cref="DdmDetector"/>; the defaults are River's <c>drift.binary.DDM</c>.</summary>
public sealed class DdmOptions
{
    /// <summary>Gets or sets the number of observations before a warning or drift can be raised. The default value is 30.</summary>
    public int WarmStart { get; set; } = 30;

    /// <summary>Gets or sets the warning level w: warning when p + s &gt; p_min + w·s_min. The default value is 2 (about 95% confidence).</summary>
    public double WarningThreshold { get; set; } = 2.0;

    /// <summary>Gets or sets the drift level d: drift when p + s &gt; p_min + d·s_min. The default value is 3 (about 99% confidence).</summary>
    public double DriftThreshold { get; set; } = 3.0;
}
