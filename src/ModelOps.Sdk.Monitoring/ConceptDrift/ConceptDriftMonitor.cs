namespace ModelOps.Sdk.Monitoring.ConceptDrift;

/// <summary>Creates <see cref="ConceptDriftMonitor{TPrediction, TLabel}"/> instances for common error definitions.</summary>
public static class ConceptDriftMonitor
{
    /// <summary>Creates a monitor for a classifier: the error is 1 when the predicted class differs from the label, else 0.</summary>
    /// <typeparam name="TClass">The class type (a label, an enum, a boolean decision).</typeparam>
    /// <param name="options">The options, or <see langword="null"/> for the defaults (ADWIN, DDM and Page–Hinkley with River's defaults).</param>
    /// <param name="timeProvider">The clock for label expiry, or <see langword="null"/> for the system clock.</param>
    /// <returns>The monitor.</returns>
    /// <exception cref="InvalidMonitoringInputException">An option is out of range.</exception>
    public static ConceptDriftMonitor<TClass, TClass> ForClassification<TClass>(ConceptDriftMonitorOptions? options = null, TimeProvider? timeProvider = null) =>
        new(static (predicted, actual) => EqualityComparer<TClass>.Default.Equals(predicted, actual) ? 0.0 : 1.0, options, timeProvider);
}
