namespace ModelOps.Sdk.Signals;

/// <summary>One signal about a model version, from an <see cref="IModelSignalSource"/>.</summary>
/// <param name="ModelName">The model.</param>
/// <param name="ModelVersion">The version the signal is about.</param>
/// <param name="Kind">What was observed.</param>
/// <param name="Severity">How serious it is.</param>
/// <param name="Detail">What was measured against what limit, in words (recorded in the decisions that act on it).</param>
/// <param name="RaisedAt">When the observation was made (for a monitoring window, its end).</param>
public sealed record ModelSignal(string ModelName, int ModelVersion, ModelSignalKind Kind, ModelSignalSeverity Severity, string Detail, DateTimeOffset RaisedAt);
