namespace ModelOps.Sdk.Reporting;

/// <summary>What a model's headline is about, most urgent first: the report shows the first that applies.</summary>
public enum ModelHeadlineKind
{
    /// <summary>The model's audit chain does not verify.</summary>
    AuditChainBroken = 0,

    /// <summary>The champion alias was rolled back, and has not moved forward since.</summary>
    RolledBack = 1,

    /// <summary>The champion's latest monitoring window found its inputs drifted.</summary>
    Drift = 2,

    /// <summary>The champion's latest monitoring window raised a data-quality alert.</summary>
    DataQuality = 3,

    /// <summary>The champion's latest monitoring window raised a fairness alert (four-fifths rule).</summary>
    Fairness = 4,

    /// <summary>The model has no champion alias.</summary>
    NoChampion = 5,

    /// <summary>No monitoring window of the champion's version lies in the period.</summary>
    NoMonitoringData = 6,

    /// <summary>A challenger is set and its experiment has not concluded.</summary>
    ChallengerPending = 7,

    /// <summary>Nothing above: the champion is monitored and its latest window raised no alert.</summary>
    Healthy = 8,
}
