using ModelOps.Sdk.Security;

namespace ModelOps.Sdk.Governance.Tests.Retention;

/// <summary>
/// A guard that runs a step before each version purge, after retention planned it and before the registry commits it: the window in
/// which another caller may change what the policy keeps.
/// </summary>
internal sealed class BeforePurgeGuard : IRegistryOperationGuard
{
    public Func<int, Task>? BeforePurge { get; set; }

    public async ValueTask CheckAsync(RegistryOperation operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (operation.Kind == RegistryOperationKind.PurgeVersion && operation.Version is { } version && BeforePurge is { } step)
        {
            await step(version);
        }
    }
}
