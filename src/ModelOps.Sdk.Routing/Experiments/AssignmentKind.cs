namespace ModelOps.Sdk.Routing.Experiments;

/// <summary>
/// How a call is assigned to an arm in a <see cref="ExperimentMode.Split"/> experiment.
/// </summary>
public enum AssignmentKind
{
    /// <summary>Each call draws its arm independently from the injected random source (calls without an entity key always do).</summary>
    PerCall = 0,

    /// <summary>
    /// Each entity key (a customer id, an account) always reaches the same arm: the arm is a function of the XxHash3 of the
    /// experiment's salt and the key, identical in every thread, process and restart. Growing a challenger's share keeps every
    /// entity already on it there.
    /// </summary>
    Sticky = 1,
}
