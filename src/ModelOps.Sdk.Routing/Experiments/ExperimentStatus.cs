namespace ModelOps.Sdk.Routing.Experiments;

/// <summary>
/// Where an experiment stands; changed at run time through <see cref="Control.ExperimentController"/>.
/// </summary>
public enum ExperimentStatus
{
    /// <summary>Traffic is routed by the definition and the ramp advances when its conditions and guardrails hold.</summary>
    Running = 0,

    /// <summary>Traffic keeps its current split but the ramp does not advance.</summary>
    Frozen = 1,

    /// <summary>Every call goes to the champion; no call is enrolled.</summary>
    Aborted = 2,

    /// <summary>The experiment ended (for example its challenger was promoted); every call goes to the champion alias.</summary>
    Concluded = 3,
}
