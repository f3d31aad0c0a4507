namespace ModelOps.Sdk.Routing.Evaluation;

/// <summary>One guardrail's verdict on an arm, from the built-in checks or a signal of an <see cref="Signals.IModelSignalSource"/>.</summary>
/// <param name="Source">Who raised it, for example <c>error-rate</c>, <c>p95-latency</c> or <c>signal:drift</c>.</param>
/// <param name="Arm">The arm concerned.</param>
/// <param name="Breached">Whether the guardrail is breached (which rolls the arm back).</param>
/// <param name="Description">What was measured against what limit, in words; recorded in the decision's evidence.</param>
public sealed record GuardrailSignal(string Source, string Arm, bool Breached, string Description);
