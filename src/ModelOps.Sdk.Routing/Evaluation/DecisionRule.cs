namespace ModelOps.Sdk.Routing.Evaluation;

/// <summary>Which rule produced a decision, checked in the order listed.</summary>
public enum DecisionRule
{
    /// <summary>A guardrail (error rate, p95 latency, or a signal of an <see cref="Signals.IModelSignalSource"/> for the challenger's version) is breached: <see cref="DecisionKind.Rollback"/>.</summary>
    GuardrailBreached = 0,

    /// <summary>Arm counts do not match the configured weights (p below the threshold): <see cref="DecisionKind.Continue"/>, results not trusted.</summary>
    SampleRatioMismatch = 1,

    /// <summary>The experiment has not run for the minimum duration: <see cref="DecisionKind.Continue"/>.</summary>
    MinimumDuration = 2,

    /// <summary>An arm has fewer outcomes than the minimum: <see cref="DecisionKind.Continue"/>.</summary>
    MinimumSamples = 3,

    /// <summary>The confidence sequence lies above zero and the estimate reaches the minimum effect: <see cref="DecisionKind.Promote"/>.</summary>
    ChallengerBetter = 4,

    /// <summary>The confidence sequence lies below zero: <see cref="DecisionKind.Abandon"/>.</summary>
    ChallengerWorse = 5,

    /// <summary>The confidence sequence lies below the minimum effect: <see cref="DecisionKind.Abandon"/>.</summary>
    MinimumEffectUnreachable = 6,

    /// <summary>Both arms reached the maximum samples without a decision: <see cref="DecisionKind.Abandon"/>.</summary>
    MaximumSamplesReached = 7,

    /// <summary>No rule fired yet: <see cref="DecisionKind.Continue"/>.</summary>
    NoDifferenceYet = 8,
}
