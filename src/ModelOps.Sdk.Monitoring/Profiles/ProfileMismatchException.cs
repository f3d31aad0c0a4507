namespace ModelOps.Sdk.Monitoring.Profiles;

/// <summary>
/// Thrown when two profiles cannot be merged or compared: they do not have the same features, or a feature's bins differ (profiles
/// merge only when built against the same reference, as the instances monitoring one model version are).
/// </summary>
public sealed class ProfileMismatchException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="ProfileMismatchException"/> class.</summary>
    /// <param name="feature">The feature that does not match.</param>
    /// <param name="problem">How it does not match.</param>
    public ProfileMismatchException(string feature, string problem)
        : base($"The profiles do not match at feature '{feature}': {problem}.")
    {
        Feature = feature;
    }

    /// <summary>Gets the feature that does not match.</summary>
    public string Feature { get; }
}
