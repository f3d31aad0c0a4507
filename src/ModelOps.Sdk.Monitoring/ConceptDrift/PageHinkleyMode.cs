namespace ModelOps.Sdk.Monitoring.ConceptDrift;

/// <summary>Which direction of change <see cref="PageHinkleyDetector"/> watches.</summary>
public enum PageHinkleyMode
{
    /// <summary>Increases of the mean only.</summary>
    Up,

    /// <summary>Decreases of the mean only.</summary>
    Down,

    /// <summary>Both directions (River's default).</summary>
    Both,
}
