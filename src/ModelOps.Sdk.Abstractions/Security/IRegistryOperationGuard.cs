namespace ModelOps.Sdk.Security;

/// <summary>
/// Decides whether the registry may make a change: governance policies, promotion gates, protected aliases and authorization plug
/// in here. The registry asks every registered guard, in registration order, before it stores anything for the change.
/// </summary>
/// <remarks>
/// <para>
/// To refuse, throw <see cref="OperationRefusedException"/> (or a subclass) naming the rule. The registry then records the refusal
/// in the audit log (operation <c>operation.refused</c>, in the model's chain, or the registry's chain for a model that does not
/// exist yet, with the actor, the refused operation, the rule and the message) and rethrows it; nothing else is stored. Any other
/// exception from a guard is passed on unchanged and is not audited.
/// </para>
/// <para>
/// Register guards with <c>AddOperationGuard</c> on the ModelOps builder. Guards are singletons and must be thread-safe. A guard
/// may read the registry through <see cref="RegistryOperation.Registry"/>; if it changes the registry itself (for example to
/// attach a report), that change is guarded too.
/// </para>
/// </remarks>
public interface IRegistryOperationGuard
{
    /// <summary>Checks one change; returns normally to allow it.</summary>
    /// <param name="operation">The change about to be made.</param>
    /// <param name="cancellationToken">Cancels the check (and so the change).</param>
    /// <returns>A task that completes when the change is allowed.</returns>
    /// <exception cref="OperationRefusedException">The change is not allowed.</exception>
    ValueTask CheckAsync(RegistryOperation operation, CancellationToken cancellationToken);
}
