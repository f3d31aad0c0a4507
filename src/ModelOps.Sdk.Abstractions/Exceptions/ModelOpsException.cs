namespace ModelOps.Sdk;

/// <summary>
/// The base of every exception ModelOps.Sdk throws on purpose.
/// </summary>
/// <remarks>
/// Catch the subclass for the category you can act on; each carries the model, version, alias or field as properties.
/// <list type="table">
/// <listheader><term>Exception</term><description>When</description></listheader>
/// <item><term><see cref="InvalidModelNameException"/></term><description>A model, alias, tag, file or document name breaks the naming rules.</description></item>
/// <item><term><see cref="InvalidRegistrationException"/></term><description>A registration or document field is missing or invalid (names the field).</description></item>
/// <item><term><see cref="ModelNotFoundException"/></term><description>No model has that name.</description></item>
/// <item><term><see cref="ModelVersionNotFoundException"/></term><description>The model has no such version.</description></item>
/// <item><term><see cref="AliasNotFoundException"/></term><description>The model has no such alias (or had none at the time asked).</description></item>
/// <item><term><see cref="ConcurrencyConflictException"/></term><description>An alias was not at the expected version: someone else moved it first.</description></item>
/// <item><term><see cref="DocumentRevisionConflictException"/></term><description>A document was not at the expected revision (<see cref="DocumentAttachment.ExpectedRevision"/>): someone else attached a revision first.</description></item>
/// <item><term><see cref="ArtifactIntegrityException"/></term><description>Stored bytes do not match their SHA-256, or are missing.</description></item>
/// <item><term><see cref="AuditChainBrokenException"/></term><description>A model's audit chain does not verify as the registry reads it (an entry edited, removed, inserted or unsigned): the model is neither served nor changed (names the model and the entry's index).</description></item>
/// <item><term><see cref="LifecycleTransitionException"/></term><description>A status change is not allowed, or an alias may not point to the version.</description></item>
/// <item><term><see cref="ModelVersionPurgedException"/></term><description>A purged version's bytes were asked for (artifact, extra file, loading, scoring, an alias): names the model, the version, when and by whom.</description></item>
/// <item><term><see cref="DocumentPurgedException"/></term><description>A purged document's content was read: names the document, when and by whom.</description></item>
/// <item><term><see cref="RollbackUnavailableException"/></term><description>An alias has no earlier eligible target to roll back to.</description></item>
/// <item><term><see cref="InvalidModelArtifactException"/></term><description>A flavor cannot load an artifact (at registration nothing is stored).</description></item>
/// <item><term><see cref="FlavorNotRegisteredException"/></term><description>A version's flavor has no registered <see cref="Flavors.IModelFlavor"/>.</description></item>
/// <item><term><see cref="ModelSignatureMismatchException"/></term><description>Scoring types do not match a version's signature (names the field).</description></item>
/// <item><term><see cref="InvalidModelInputException"/></term><description>An input cannot be scored: null, missing field, NaN, wrong shape (names the field).</description></item>
/// <item><term><see cref="ExplanationUnavailableException"/></term><description>A decision cannot be explained: no JSON scoring, no reference profile for occlusion, or no numeric output.</description></item>
/// <item><term><see cref="InvalidReasonCodeTableException"/></term><description>A reason-code table is invalid (names the entry and field); nothing is stored.</description></item>
/// <item><term><see cref="ModelLoadException"/></term><description>A scorer could not load a version; the previous version keeps serving.</description></item>
/// <item><term><see cref="StorageFormatException"/></term><description>The store was written by a newer library, or is not a store of this kind.</description></item>
/// <item><term><see cref="JournalCorruptException"/></term><description>The store's journal is corrupt in content (lines removed, reordered, duplicated or altered): an integrity failure.</description></item>
/// <item><term><see cref="OperationRefusedException"/></term><description>A registered <see cref="Security.IRegistryOperationGuard"/> (policy, gate, authorization) refused a change; the refusal is audited.</description></item>
/// <item><term><see cref="UngovernedChangeException"/></term><description>A registry without governance was asked to change what a policy stored in the registry governs (a protected alias, an approval, the policy itself); names the policy.</description></item>
/// <item><term><see cref="ArtifactCollectionUnsupportedException"/></term><description>Garbage collection was asked of an artifact store that cannot list and delete its content; nothing was deleted.</description></item>
/// <item><term><see cref="StorageUnavailableException"/></term><description>The store's server cannot be reached within its timeouts and retries (a transient fault): try again later.</description></item>
/// </list>
/// </remarks>
public class ModelOpsException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ModelOpsException"/> class.</summary>
    public ModelOpsException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ModelOpsException"/> class with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public ModelOpsException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ModelOpsException"/> class with a message and a cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ModelOpsException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
