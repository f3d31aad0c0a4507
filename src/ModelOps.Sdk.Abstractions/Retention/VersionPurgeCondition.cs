namespace ModelOps.Sdk;

/// <summary>
/// What must still hold for a version to be purged, checked by the registry when the purge commits, atomically with its append
/// (<see cref="IModelRegistry.PurgeVersionUnlessKeptAsync"/>). A retention
/// run passes its policy as one, so a plan made earlier never purges a version the policy keeps at the moment of the purge.
/// </summary>
/// <remarks>
/// The registry calls <see cref="FindKeepReason"/> on the state the purge is appended to (after any change another process made
/// since), under its write lock: keep it quick, do no I/O, and do not keep the context's lists after it returns. A reason refuses
/// the purge with <see cref="VersionRetainedException"/>; nothing is appended.
/// </remarks>
public abstract class VersionPurgeCondition
{
    /// <summary>Decides whether the version must stay.</summary>
    /// <param name="context">The model's state at the purge's commit, and the commit's time.</param>
    /// <returns><see langword="null"/> to let the purge go ahead; otherwise why the version is kept.</returns>
    public abstract VersionKeepReason? FindKeepReason(VersionPurgeContext context);
}
