namespace ModelOps.Sdk.Monitoring.ConceptDrift;

/// <summary>The state a concept-drift detector reports after an observation.</summary>
public enum ConceptDriftState
{
    /// <summary>No change detected.</summary>
    Stable,

    /// <summary>The error rate is rising but has not crossed the drift threshold (DDM only).</summary>
    Warning,

    /// <summary>A change was detected at this observation.</summary>
    Drift,
}
