namespace ModelOps.Sdk.Monitoring.ConceptDrift;

/// <summary>Options of <see cref="PageHinkleyDetector"/>; the defaults are River's <c>drift.PageHinkley</c>.</summary>
public sealed class PageHinkleyOptions
{
    /// <summary>Gets or sets the number of observations before a drift can be raised. The default value is 30.</summary>
    public int MinInstances { get; set; } = 30;

    /// <summary>Gets or sets δ, the magnitude of change tolerated, in the stream's units. The default value is 0.005.</summary>
    public double Delta { get; set; } = 0.005;

    /// <summary>Gets or sets λ, the detection threshold on the cumulative deviation. The default value is 50.</summary>
    public double Threshold { get; set; } = 50.0;

    /// <summary>Gets or sets the forgetting factor applied to the cumulative sums. The default value is 1 − 0.0001.</summary>
    public double Alpha { get; set; } = 1 - 0.0001;

    /// <summary>Gets or sets which direction of change is watched. The default value is <see cref="PageHinkleyMode.Both"/>.</summary>
    public PageHinkleyMode Mode { get; set; } = PageHinkleyMode.Both;
}
