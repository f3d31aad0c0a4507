namespace ModelOps.Sdk.Monitoring.ConceptDrift;

/// <summary>What became of a label given to <see cref="ConceptDriftMonitor{TPrediction, TLabel}.RecordLabel"/>.</summary>
public enum LabelMatch
{
    /// <summary>The prediction was pending: the error was computed and fed to the detectors.</summary>
    Joined,

    /// <summary>No prediction with that id was recorded (or its label already came); nothing was fed.</summary>
    Unmatched,

    /// <summary>The prediction was recorded but expired (older than the time to live) or was evicted to stay within the memory
    /// bound before its label came; nothing was fed.</summary>
    Expired,
}
