using ModelOps.Sdk.Routing.Assignment;
using ModelOps.Sdk.Routing.Experiments;

namespace ModelOps.Sdk.Routing;

/// <summary>
/// Everything a routed call reads, fixed for one definition revision and swapped as one reference when the definition changes.
/// </summary>
internal sealed class RoutingState<TInput, TOutput>
    where TInput : class
    where TOutput : class
{
    public RoutingState(ExperimentDefinition definition, ArmSlot<TInput, TOutput>[] slots, Func<TInput, bool>? targeting)
    {
        Definition = definition;
        Slots = slots;
        Targeting = targeting;
        Assigner = new ArmAssigner(definition);
        Enrolls = definition.Status is ExperimentStatus.Running or ExperimentStatus.Frozen;
        Split = definition.Mode == ExperimentMode.Split;
        Shadow = definition.Mode == ExperimentMode.Shadow;
        Sticky = definition.Assignment == AssignmentKind.Sticky;
        SamplingRate = definition.ShadowSamplingRate;
        Timeout = definition.ChallengerTimeout;
        ExperimentName = definition.Name;
    }

    public ExperimentDefinition Definition { get; }

    /// <summary>The arms: 0 is the champion, then the challengers in definition order.</summary>
    public ArmSlot<TInput, TOutput>[] Slots { get; }

    public Func<TInput, bool>? Targeting { get; }

    /// <summary>Maps assignment points and sticky keys to arms, exactly as <see cref="ArmAssigner"/> does for users.</summary>
    public ArmAssigner Assigner { get; }

    public bool Enrolls { get; }

    public bool Split { get; }

    public bool Shadow { get; }

    public bool Sticky { get; }

    public double SamplingRate { get; }

    public TimeSpan Timeout { get; }

    public string ExperimentName { get; }
}
