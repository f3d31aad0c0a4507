namespace ModelOps.Sdk.Monitoring.ConceptDrift;

/// <summary>
/// Options of <see cref="ConceptDriftMonitor{TPrediction, TLabel}"/>: how long and how many predictions wait for their label, and
/// which detectors watch the error stream (River's defaults; set a detector's options to <see langword="null"/> to leave it out).
/// </summary>
public sealed class ConceptDriftMonitorOptions
{
    /// <summary>Gets or sets the most predictions kept waiting for a label; when full, the oldest is evicted (and counted).
    /// Memory is about this many entries of an id and a prediction.</summary>
    /// <value>The default value is 100,000.</value>
    public int MaxPendingPredictions { get; set; } = 100_000;

    /// <summary>Gets or sets how long a prediction waits for its label (measured with the monitor's <see cref="TimeProvider"/>);
    /// older predictions expire and a label that comes later is counted as expired.</summary>
    /// <value>The default value is 7 days.</value>
    public TimeSpan LabelTimeToLive { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Gets or sets how many ids of expired or evicted predictions are remembered, so that their late labels are counted as
    /// expired rather than unmatched; older ids are forgotten (their labels then count as unmatched).</summary>
    /// <value>The default value is 100,000.</value>
    public int MaxRememberedExpiredIds { get; set; } = 100_000;

    /// <summary>Gets or sets the ADWIN detector's options, or <see langword="null"/> for no ADWIN.</summary>
    /// <value>The default value is River's defaults.</value>
    public AdwinOptions? Adwin { get; set; } = new();

    /// <summary>Gets or sets the DDM detector's options, or <see langword="null"/> for no DDM. DDM takes errors of 0 or 1 only:
    /// leave it out when the error is a continuous loss.</summary>
    /// <value>The default value is River's defaults.</value>
    public DdmOptions? Ddm { get; set; } = new();

    /// <summary>Gets or sets the Page–Hinkley detector's options, or <see langword="null"/> for no Page–Hinkley.</summary>
    /// <value>The default value is River's defaults.</value>
    public PageHinkleyOptions? PageHinkley { get; set; } = new();
}
