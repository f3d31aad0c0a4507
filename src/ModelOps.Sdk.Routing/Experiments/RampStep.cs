namespace ModelOps.Sdk.Routing.Experiments;

/// <summary>
/// One step of a ramp: the challengers' total share of traffic while the step lasts, and when the ramp may move on.
/// </summary>
/// <remarks>
/// The ramp leaves a step once the step has lasted <see cref="MinimumDuration"/> (by the injected <see cref="TimeProvider"/>) and
/// the challengers have served <see cref="MinimumSamples"/> calls in it (whichever are given; both when both are given), and only
/// while the guardrails of <see cref="Control.RampScheduler"/> hold (no signal for a challenger's version, error rate and latency
/// within the policy). The last step is final.
/// </remarks>
/// <param name="ChallengerShare">The challengers' total share of traffic, in (0, 1]; steps must increase.</param>
/// <param name="MinimumDuration">How long the step lasts at least, or <see langword="null"/>.</param>
/// <param name="MinimumSamples">How many calls the challengers serve in the step at least, or <see langword="null"/>.</param>
public sealed record RampStep(double ChallengerShare, TimeSpan? MinimumDuration = null, long? MinimumSamples = null);
