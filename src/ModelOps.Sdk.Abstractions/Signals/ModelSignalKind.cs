namespace ModelOps.Sdk.Signals;

/// <summary>What a <see cref="ModelSignal"/> is about.</summary>
public enum ModelSignalKind
{
    /// <summary>The inputs (data drift) or the outputs (prediction drift) moved away from the version's reference.</summary>
    Drift = 0,

    /// <summary>The data broke its quality checks: bad rows, a column turned constant, inputs that break the signature.</summary>
    DataQuality = 1,

    /// <summary>A fairness measure across protected groups is outside its bound.</summary>
    Fairness = 2,

    /// <summary>The relation between inputs and outcomes changed: the model's error rate on labelled outcomes moved.</summary>
    ConceptDrift = 3,
}
