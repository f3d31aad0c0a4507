namespace ModelOps.Sdk.Routing.Control;

/// <summary>
/// The verdict of an <see cref="IRampGuardrail"/>.
/// </summary>
/// <param name="Holds">Whether the guardrail holds; when it does not, the ramp stays at its step.</param>
/// <param name="Reason">Why, in words (for example <c>error rate 0.4% within 1%</c>).</param>
public sealed record RampGuardrailResult(bool Holds, string Reason);
