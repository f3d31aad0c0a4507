namespace ModelOps.Sdk.Routing.Evaluation;

/// <summary>
/// An external guardrail consulted at every evaluation, such as a drift or fairness alert from a monitoring package. Register any
/// number in dependency injection; a breached signal makes the evaluation decide <see cref="DecisionKind.Rollback"/>.
/// </summary>
/// <remarks>Implementations must be thread-safe. An exception from a source fails the evaluation (it is not read as "holds").</remarks>
public interface IGuardrailSignalSource
{
    /// <summary>Gets this source's signals for an arm.</summary>
    /// <param name="context">The arm, its statistics and the time.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The signals; empty when the source has nothing to say.</returns>
    ValueTask<IReadOnlyList<GuardrailSignal>> GetSignalsAsync(GuardrailContext context, CancellationToken cancellationToken);
}
