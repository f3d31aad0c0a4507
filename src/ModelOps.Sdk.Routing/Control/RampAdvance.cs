namespace ModelOps.Sdk.Routing.Control;

/// <summary>
/// What <see cref="RampScheduler.TryAdvanceAsync"/> did.
/// </summary>
/// <param name="Advanced">Whether the ramp moved to the next step (a new revision was stored).</param>
/// <param name="Step">The ramp step in force afterwards.</param>
/// <param name="Reason">Why it advanced or not (conditions not met yet, a guardrail breached, last step, not running).</param>
public sealed record RampAdvance(bool Advanced, int Step, string Reason);
