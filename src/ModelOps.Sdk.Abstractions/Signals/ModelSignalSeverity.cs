namespace ModelOps.Sdk.Signals;

/// <summary>How serious a <see cref="ModelSignal"/> is. Routing acts on both: a ramp holds and a challenger is rolled back.</summary>
public enum ModelSignalSeverity
{
    /// <summary>Something moved that calls for attention (drift, fairness, concept drift).</summary>
    Warning = 0,

    /// <summary>The version is being fed data it cannot be trusted on (a data-quality alert).</summary>
    Critical = 1,
}
