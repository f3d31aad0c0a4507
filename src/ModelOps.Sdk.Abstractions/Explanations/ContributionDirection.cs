namespace ModelOps.Sdk.Explanations;

/// <summary>Which way a feature pushed the explained output, as a <see cref="ReasonCodeEntry"/> matches it.</summary>
public enum ContributionDirection
{
    /// <summary>The feature raised the explained output (a positive contribution).</summary>
    Increases = 0,

    /// <summary>The feature lowered the explained output (a negative contribution).</summary>
    Decreases = 1,
}
