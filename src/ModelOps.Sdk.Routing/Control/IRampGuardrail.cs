namespace ModelOps.Sdk.Routing.Control;

/// <summary>
/// A condition that must hold for a ramp to advance (error rate, p95 latency, drift, fairness). Register any number in dependency
/// injection; <see cref="RampScheduler"/> advances a step only when all of them hold.
/// </summary>
public interface IRampGuardrail
{
    /// <summary>Checks the guardrail for an experiment about to advance its ramp.</summary>
    /// <param name="context">The experiment, its statistics and the time.</param>
    /// <param name="cancellationToken">A token to cancel the check.</param>
    /// <returns>Whether it holds, and why (recorded in the audit log when the ramp advances or is held).</returns>
    ValueTask<RampGuardrailResult> CheckAsync(RampGuardrailContext context, CancellationToken cancellationToken);
}
