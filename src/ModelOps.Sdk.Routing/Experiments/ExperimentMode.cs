namespace ModelOps.Sdk.Routing.Experiments;

/// <summary>
/// How challengers take part in an experiment.
/// </summary>
public enum ExperimentMode
{
    /// <summary>
    /// Live split: each call is answered by exactly one arm, chosen by the weights (or the ramp). A challenger that throws or is
    /// slower than <see cref="ExperimentDefinition.ChallengerTimeout"/> has its answer replaced by the champion's within the same call.
    /// </summary>
    Split = 0,

    /// <summary>
    /// Shadow: the champion answers every call; challengers score a sample of the same inputs afterwards, off the caller's path,
    /// and their answers are only compared, never returned.
    /// </summary>
    Shadow = 1,
}
