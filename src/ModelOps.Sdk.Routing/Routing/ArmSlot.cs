using ModelOps.Sdk.Routing.Experiments;
using ModelOps.Sdk.Routing.Telemetry;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Routing;

/// <summary>
/// One arm of a routed scorer: its definition, the scorer that serves it, and the recording state of the version serving now.
/// </summary>
internal sealed class ArmSlot<TInput, TOutput>
    where TInput : class
    where TOutput : class
{
    private readonly ExperimentRecorders _recorders;
    private readonly RoutingTelemetry _telemetry;
    private ArmServing? _serving;

    public ArmSlot(ExperimentDefinition definition, ArmDefinition arm, IModelScorer<TInput, TOutput> scorer, ExperimentRecorders recorders, RoutingTelemetry telemetry)
    {
        Definition = definition;
        Arm = arm;
        Scorer = scorer;
        _recorders = recorders;
        _telemetry = telemetry;
    }

    /// <summary>The definition revision the slot was created for (recorders are keyed by its experiment and metric).</summary>
    public ExperimentDefinition Definition { get; }

    public ArmDefinition Arm { get; }

    public string Name => Arm.Name;

    public IModelScorer<TInput, TOutput> Scorer { get; }

    /// <summary>Whether this slot can serve the same arm under another definition revision (same name and target).</summary>
    public bool Serves(ExperimentDefinition definition, ArmDefinition arm) =>
        arm.Name == Arm.Name && arm.Alias == Arm.Alias && arm.Version == Arm.Version
        && definition.Name == Definition.Name && definition.ModelName == Definition.ModelName;

    /// <summary>The recording state for the version that served a call; replaced (rarely) when the version changes.</summary>
    public ArmServing ServingFor(ServedModel served)
    {
        var serving = _serving;
        if (serving is not null && ReferenceEquals(serving.Served, served))
        {
            return serving;
        }

        serving = new ArmServing(served, Definition.Name, Arm.Name, _telemetry, _recorders.GetRecorder(Definition, Arm.Name, served.Version));
        _serving = serving;
        return serving;
    }

    /// <summary>The recording state for the version serving now, when a call failed before saying which version it used.</summary>
    public ArmServing? ServingNow() => _serving ?? (Scorer.Status.Serving is { } served ? ServingFor(served) : null);
}
