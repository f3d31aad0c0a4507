using System.Security.Claims;

namespace ModelOps.Sdk.Security;

/// <summary>
/// A change the registry is about to make, as shown to each <see cref="IRegistryOperationGuard"/> before it is committed.
/// </summary>
/// <remarks>
/// Values that describe the registry's state (<see cref="CurrentAliasVersion"/>, <see cref="CurrentStatus"/>) are read just before
/// the guards run; the registry's own rules (an alias move's expected-current check, the allowed lifecycle transitions) are
/// enforced again, atomically, when the change is committed.
/// </remarks>
public sealed class RegistryOperation
{
    /// <summary>Gets what kind of change this is.</summary>
    public required RegistryOperationKind Kind { get; init; }

    /// <summary>Gets the model, or <see langword="null"/> for a registry-level document.</summary>
    public required string? ModelName { get; init; }

    /// <summary>Gets the version the change concerns: the alias target for a move, the version changed or purged, or <see langword="null"/> (registration, rollback, registry documents).</summary>
    public int? Version { get; init; }

    /// <summary>Gets the alias, for alias operations.</summary>
    public string? Alias { get; init; }

    /// <summary>Gets the version the alias points to now (alias operations; <see langword="null"/> when it does not exist yet).</summary>
    public int? CurrentAliasVersion { get; init; }

    /// <summary>Gets the version's status now (<see cref="RegistryOperationKind.Transition"/>).</summary>
    public ModelVersionStatus? CurrentStatus { get; init; }

    /// <summary>Gets the status asked for (<see cref="RegistryOperationKind.Transition"/>).</summary>
    public ModelVersionStatus? RequestedStatus { get; init; }

    /// <summary>Gets the document's kind (<see cref="RegistryOperationKind.AttachDocument"/> and <see cref="RegistryOperationKind.PurgeDocument"/>).</summary>
    public string? DocumentKind { get; init; }

    /// <summary>Gets the document's name (<see cref="RegistryOperationKind.AttachDocument"/> and <see cref="RegistryOperationKind.PurgeDocument"/>).</summary>
    public string? DocumentName { get; init; }

    /// <summary>Gets the registration being made (<see cref="RegistryOperationKind.Register"/>); guards must not read its streams.</summary>
    public ModelVersionRegistration? Registration { get; init; }

    /// <summary>Gets the reason the caller gave, if any.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the acting principal (from <see cref="IActorAccessor"/>), or <see langword="null"/> when there is none.</summary>
    public ClaimsPrincipal? Actor { get; init; }

    /// <summary>Gets the acting principal's name as the audit log records it (<c>anonymous</c> when there is none).</summary>
    public required string ActorName { get; init; }

    /// <summary>
    /// Gets the registry making the change, for reading evidence (versions, documents, aliases, audit); a guard that needs the
    /// registry gets it here rather than from the container, which would be a dependency cycle.
    /// </summary>
    public required IModelRegistry Registry { get; init; }
}
