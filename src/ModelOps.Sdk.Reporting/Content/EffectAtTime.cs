using ModelOps.Sdk.Routing.Evaluation;

namespace ModelOps.Sdk.Reporting;

/// <summary>
/// A challenger's effect as the evaluator judged it on the statistics saved up to one moment: every instance's latest snapshot at
/// that moment, merged. A series of them shows how the estimate and its always-valid interval narrowed as outcomes came in.
/// </summary>
/// <param name="At">The moment: when the last snapshot it includes was saved.</param>
/// <param name="Decision">The evaluator's decision on those statistics (its evidence holds the estimate, the interval and the samples).</param>
public sealed record EffectAtTime(DateTimeOffset At, ExperimentDecision Decision);
