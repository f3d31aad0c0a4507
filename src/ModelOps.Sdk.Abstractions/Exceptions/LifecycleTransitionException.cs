namespace ModelOps.Sdk;

/// <summary>
/// Thrown when a lifecycle change is not allowed: a forbidden status transition, archiving or rejecting a version an alias points to,
/// or pointing an alias at a rejected or archived version. Nothing was changed.
/// </summary>
public sealed class LifecycleTransitionException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="LifecycleTransitionException"/> class.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The version.</param>
    /// <param name="currentStatus">The version's status.</param>
    /// <param name="requestedStatus">The status asked for, or <see langword="null"/> when an alias change was refused.</param>
    /// <param name="message">What was refused and why.</param>
    public LifecycleTransitionException(string modelName, int version, ModelVersionStatus currentStatus, ModelVersionStatus? requestedStatus, string message)
        : base(message)
    {
        ModelName = modelName;
        Version = version;
        CurrentStatus = currentStatus;
        RequestedStatus = requestedStatus;
    }

    /// <summary>Gets the model.</summary>
    public string ModelName { get; }

    /// <summary>Gets the version.</summary>
    public int Version { get; }

    /// <summary>Gets the version's status.</summary>
    public ModelVersionStatus CurrentStatus { get; }

    /// <summary>Gets the status asked for, or <see langword="null"/> when an alias change was refused.</summary>
    public ModelVersionStatus? RequestedStatus { get; }
}
