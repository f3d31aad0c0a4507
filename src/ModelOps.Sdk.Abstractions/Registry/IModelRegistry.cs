using Microsoft.Extensions.Primitives;
using ModelOps.Sdk.Audit;

namespace ModelOps.Sdk;

/// <summary>
/// The model registry: versioned, immutable model versions with aliases, rollback, lifecycle, documents, a tamper-evident audit log
/// and change notification. Resolve it from dependency injection after <c>services.AddModelOps()</c>.
/// </summary>
/// <remarks>
/// <para>All members are thread-safe. Every change is recorded in the model's audit chain with the actor from
/// <see cref="Security.IActorAccessor"/>, the time from the registry's <see cref="TimeProvider"/>, and the optional reason.</para>
/// <para>The registry keeps a read replica of the metadata in memory, so reads (and above all alias resolution) do no I/O when
/// nothing changed. A process sees its own writes at once and other processes' writes within <see cref="ModelOpsOptions.ChangePollInterval"/>
/// while the store answers; while it is unreachable, reads answer from the last known state (see <see cref="Staleness"/>).</para>
/// <para>A write returns what its own committed audit entry says (its <c>Sequence</c> is that entry's), even when other processes
/// changed the same model right after it: read again to see their changes. A write that changes nothing returns the current state
/// it found.</para>
/// </remarks>
public interface IModelRegistry
{
    /// <summary>
    /// Registers a new version of a model (creating the model on its first version). The artifact and extra files are streamed
    /// into content-addressed storage while being hashed; the version becomes visible only once all bytes are durable.
    /// </summary>
    /// <param name="registration">What to register.</param>
    /// <param name="cancellationToken">A token to cancel the operation; a cancelled registration leaves no version behind.</param>
    /// <returns>The new version, or the existing one if <see cref="ModelVersionRegistration.IdempotencyKey"/> was used before.</returns>
    /// <exception cref="InvalidModelNameException">A name is invalid.</exception>
    /// <exception cref="InvalidRegistrationException">A field is missing or invalid.</exception>
    Task<ModelVersion> RegisterAsync(ModelVersionRegistration registration, CancellationToken cancellationToken = default);

    /// <summary>Gets a version by number.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The version number.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The version.</returns>
    /// <exception cref="ModelNotFoundException">The model does not exist.</exception>
    /// <exception cref="ModelVersionNotFoundException">The version does not exist.</exception>
    ValueTask<ModelVersion> GetVersionAsync(string modelName, int version, CancellationToken cancellationToken = default);

    /// <summary>Gets the version an alias points to.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="aliasName">The alias.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The version.</returns>
    /// <exception cref="AliasNotFoundException">The alias does not exist.</exception>
    ValueTask<ModelVersion> GetVersionByAliasAsync(string modelName, string aliasName, CancellationToken cancellationToken = default);

    /// <summary>Lists the models in the registry, ordered by name.</summary>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The models.</returns>
    ValueTask<IReadOnlyList<RegisteredModel>> ListModelsAsync(CancellationToken cancellationToken = default);

    /// <summary>Lists a model's versions in ascending order, one page at a time.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="afterVersion">Return versions after this one (0 for the first page).</param>
    /// <param name="pageSize">The largest number of versions to return, 1 to 1000.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The page.</returns>
    ValueTask<ModelVersionPage> ListVersionsAsync(string modelName, int afterVersion = 0, int pageSize = 100, CancellationToken cancellationToken = default);

    /// <summary>Finds versions of all models that carry a tag, optionally with a given value.</summary>
    /// <param name="tag">The tag's key.</param>
    /// <param name="value">The value it must have, or <see langword="null"/> for any value.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The versions, ordered by model name and version.</returns>
    ValueTask<IReadOnlyList<ModelVersion>> FindByTagAsync(string tag, string? value = null, CancellationToken cancellationToken = default);

    /// <summary>Sets or removes tags of a version. Tags are the only mutable part of a version besides its description and status.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The version.</param>
    /// <param name="changes">Tags to set; a <see langword="null"/> value removes the tag.</param>
    /// <param name="reason">Why; recorded in the audit log.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The updated version.</returns>
    Task<ModelVersion> UpdateTagsAsync(string modelName, int version, IReadOnlyDictionary<string, string?> changes, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary>Replaces the description of a version.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The version.</param>
    /// <param name="description">The new description, or <see langword="null"/> to clear it.</param>
    /// <param name="reason">Why; recorded in the audit log.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The updated version.</returns>
    Task<ModelVersion> UpdateDescriptionAsync(string modelName, int version, string? description, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary>Changes the lifecycle status of a version (see <see cref="ModelVersionStatus"/> for the allowed transitions).</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The version.</param>
    /// <param name="status">The new status.</param>
    /// <param name="reason">Why; recorded in the audit log.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The updated version.</returns>
    /// <exception cref="LifecycleTransitionException">The transition is not allowed, or an alias points to the version.</exception>
    Task<ModelVersion> TransitionAsync(string modelName, int version, ModelVersionStatus status, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a version's main artifact for reading. The stream verifies the SHA-256 as it is read and throws
    /// <see cref="ArtifactIntegrityException"/> at the end if the bytes do not match, before handing out the last of them.
    /// </summary>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The version.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A verifying stream; dispose it.</returns>
    /// <exception cref="ModelVersionPurgedException">The version was purged.</exception>
    Task<Stream> OpenArtifactAsync(string modelName, int version, CancellationToken cancellationToken = default);

    /// <summary>Opens one of a version's extra files for reading, verifying it like <see cref="OpenArtifactAsync"/>.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The version.</param>
    /// <param name="fileName">The extra file's name.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A verifying stream; dispose it.</returns>
    Task<Stream> OpenExtraFileAsync(string modelName, int version, string fileName, CancellationToken cancellationToken = default);

    /// <summary>Points an alias at a version, creating the alias or moving it wherever it was. A manual move starts a new rollback chain.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="aliasName">The alias.</param>
    /// <param name="version">The target version; it must not be rejected or archived.</param>
    /// <param name="reason">Why; recorded in the audit log.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The alias after the change.</returns>
    Task<ModelAlias> SetAliasAsync(string modelName, string aliasName, int version, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves an alias only if it currently points to <paramref name="expectedCurrentVersion"/> (optimistic concurrency), so two
    /// concurrent promotions cannot silently overwrite each other.
    /// </summary>
    /// <param name="modelName">The model.</param>
    /// <param name="aliasName">The alias.</param>
    /// <param name="version">The target version.</param>
    /// <param name="expectedCurrentVersion">The version the alias must point to now, or <see langword="null"/> to require that it does not exist yet.</param>
    /// <param name="reason">Why; recorded in the audit log.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The alias after the change.</returns>
    /// <exception cref="ConcurrencyConflictException">The alias was not at the expected version; nothing changed.</exception>
    Task<ModelAlias> MoveAliasAsync(string modelName, string aliasName, int version, int? expectedCurrentVersion, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes an alias. Its history is kept.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="aliasName">The alias.</param>
    /// <param name="reason">Why; recorded in the audit log.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A task that completes when the alias is deleted.</returns>
    /// <exception cref="AliasNotFoundException">The alias does not exist.</exception>
    Task DeleteAliasAsync(string modelName, string aliasName, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves an alias back to the target it had before the move that set its current target. Called again, it steps further back along
    /// the same chain; a manual move starts a new chain. Earlier targets that are now rejected or archived are skipped.
    /// </summary>
    /// <param name="modelName">The model.</param>
    /// <param name="aliasName">The alias.</param>
    /// <param name="reason">Why; required and recorded in the audit log.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The alias after the rollback.</returns>
    /// <exception cref="RollbackUnavailableException">There is no earlier eligible target.</exception>
    Task<ModelAlias> RollbackAliasAsync(string modelName, string aliasName, string reason, CancellationToken cancellationToken = default);

    /// <summary>
    /// Rolls an alias back like <see cref="RollbackAliasAsync"/>, but only if it still
    /// points to <paramref name="expectedCurrentVersion"/>, checked atomically with the change: an automatic rollback that races
    /// with a manual move loses cleanly instead of undoing it.
    /// </summary>
    /// <param name="modelName">The model.</param>
    /// <param name="aliasName">The alias.</param>
    /// <param name="expectedCurrentVersion">The version the alias must point to now.</param>
    /// <param name="reason">Why; required and recorded in the audit log.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The alias after the rollback.</returns>
    /// <exception cref="ConcurrencyConflictException">The alias points elsewhere (or nowhere); nothing was changed.</exception>
    /// <exception cref="RollbackUnavailableException">There is no earlier eligible target.</exception>
    Task<ModelAlias> RollbackAliasIfCurrentAsync(string modelName, string aliasName, int expectedCurrentVersion, string reason, CancellationToken cancellationToken = default);

    /// <summary>Resolves an alias to its current target. Served from memory: no I/O and no allocation when nothing changed.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="aliasName">The alias.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The alias.</returns>
    /// <exception cref="AliasNotFoundException">The alias does not exist.</exception>
    ValueTask<ModelAlias> ResolveAliasAsync(string modelName, string aliasName, CancellationToken cancellationToken = default);

    /// <summary>Lists a model's current aliases, ordered by name.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The aliases.</returns>
    ValueTask<IReadOnlyList<ModelAlias>> ListAliasesAsync(string modelName, CancellationToken cancellationToken = default);

    /// <summary>Gets the full history of an alias, oldest first.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="aliasName">The alias.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>Every change of the alias; empty if it never existed.</returns>
    ValueTask<IReadOnlyList<AliasChange>> GetAliasHistoryAsync(string modelName, string aliasName, CancellationToken cancellationToken = default);

    /// <summary>Tells which version an alias pointed to at a past time ("which model was champion on 1 March?").</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="aliasName">The alias.</param>
    /// <param name="pointInTime">The time asked about.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The version, or <see langword="null"/> if the alias did not exist then.</returns>
    ValueTask<int?> ResolveAliasAtAsync(string modelName, string aliasName, DateTimeOffset pointInTime, CancellationToken cancellationToken = default);

    /// <summary>Tells which version an alias pointed to just after the change with a given registry sequence number.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="aliasName">The alias.</param>
    /// <param name="sequence">The registry-wide sequence number.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The version, or <see langword="null"/> if the alias did not exist then.</returns>
    ValueTask<int?> ResolveAliasAtSequenceAsync(string modelName, string aliasName, long sequence, CancellationToken cancellationToken = default);

    /// <summary>Attaches a document to a version, a model or the registry. Documents are append-only and hash-verified when read.</summary>
    /// <param name="attachment">The document.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The stored document's description.</returns>
    Task<ModelDocument> AttachDocumentAsync(DocumentAttachment attachment, CancellationToken cancellationToken = default);

    /// <summary>Lists documents at a place, every revision, oldest first.</summary>
    /// <param name="modelName">The model, or <see langword="null"/> for registry-level documents.</param>
    /// <param name="version">The version, or <see langword="null"/> for model-level documents.</param>
    /// <param name="kind">Only documents of this kind, or <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The documents.</returns>
    ValueTask<IReadOnlyList<ModelDocument>> ListDocumentsAsync(string? modelName, int? version = null, string? kind = null, CancellationToken cancellationToken = default);

    /// <summary>Reads a document's content, verified against its SHA-256 before it is returned.</summary>
    /// <param name="document">The document.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The content.</returns>
    /// <exception cref="ArtifactIntegrityException">The stored bytes do not match.</exception>
    /// <exception cref="DocumentPurgedException">The document was purged.</exception>
    Task<ReadOnlyMemory<byte>> ReadDocumentAsync(ModelDocument document, CancellationToken cancellationToken = default);

    /// <summary>
    /// Purges a version: marks it purged in its audit chain (an entry of its own; nothing is edited or deleted). Its metadata, hashes
    /// and audit trail stay readable, with <see cref="ModelVersion.Purged"/> set; its artifact and extra files are no longer served
    /// (<see cref="ModelVersionPurgedException"/> from <see cref="OpenArtifactAsync"/>, loading and scoring), no alias may point to
    /// it again, and rollbacks skip it. Purging is a governed operation (<see cref="Security.RegistryOperationKind.PurgeVersion"/>):
    /// a registry without governance refuses it. Purging a purged version changes nothing and returns it.
    /// </summary>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The version.</param>
    /// <param name="reason">Why; required and recorded in the audit log.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The version, marked purged.</returns>
    /// <exception cref="LifecycleTransitionException">An alias points to the version; move it first. Nothing was changed.</exception>
    /// <exception cref="OperationRefusedException">A guard refused the purge (for example a missing role); the refusal is audited.</exception>
    Task<ModelVersion> PurgeVersionAsync(string modelName, int version, string reason, CancellationToken cancellationToken = default);

    /// <summary>
    /// Purges a version, as <see cref="PurgeVersionAsync"/> does, only if
    /// <paramref name="condition"/> still lets it go when the purge commits: the registry evaluates it on the model's state at that
    /// moment, atomically with the append, so a change made since the caller looked (an approval, an alias move, a newer policy)
    /// keeps the version. Retention purges this way, with its policy as the condition.
    /// </summary>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The version.</param>
    /// <param name="reason">Why; required and recorded in the audit log.</param>
    /// <param name="condition">What must still hold at the commit.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The version, marked purged.</returns>
    /// <exception cref="VersionRetainedException">The condition keeps the version. Nothing was changed.</exception>
    /// <exception cref="LifecycleTransitionException">An alias points to the version; move it first. Nothing was changed.</exception>
    /// <exception cref="OperationRefusedException">A guard refused the purge (for example a missing role); the refusal is audited.</exception>
    Task<ModelVersion> PurgeVersionUnlessKeptAsync(string modelName, int version, string reason, VersionPurgeCondition condition, CancellationToken cancellationToken = default);

    /// <summary>
    /// Asks the registry's guards whether the current actor may make a change of this kind, without making it: the same guards, in
    /// the same order, as the change itself would pass (with governance, its roles; without, the refusal of ungoverned purges).
    /// A caller about to make several changes (a bundle import that carries purged versions) asks first, so that a refusal comes
    /// before the first change. A refusal is audited as <c>operation.refused</c>, as the change's would be.
    /// </summary>
    /// <param name="kind">The kind of change.</param>
    /// <param name="modelName">The model, or <see langword="null"/> for the registry.</param>
    /// <param name="version">The version the change concerns, if known.</param>
    /// <param name="reason">The reason the change would give.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A task that completes when the change would be allowed.</returns>
    /// <exception cref="OperationRefusedException">A guard refuses; the refusal is audited.</exception>
    Task AuthorizeAsync(Security.RegistryOperationKind kind, string? modelName, int? version, string? reason, CancellationToken cancellationToken = default);

    /// <summary>
    /// Purges one revision of a document: marks it purged in its audit chain. Its metadata and hash stay listed, with
    /// <see cref="ModelDocument.Purged"/> set; <see cref="ReadDocumentAsync"/> throws <see cref="DocumentPurgedException"/>. Governed
    /// like <see cref="PurgeVersionAsync"/> (<see cref="Security.RegistryOperationKind.PurgeDocument"/>).
    /// </summary>
    /// <param name="document">The document revision, as listed by <see cref="ListDocumentsAsync"/>.</param>
    /// <param name="reason">Why; required and recorded in the audit log.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The document, marked purged.</returns>
    /// <exception cref="InvalidRegistrationException">No such document revision is stored at that place.</exception>
    /// <exception cref="OperationRefusedException">A guard refused the purge; the refusal is audited.</exception>
    Task<ModelDocument> PurgeDocumentAsync(ModelDocument document, string reason, CancellationToken cancellationToken = default);

    /// <summary>Reads an audit chain, oldest first.</summary>
    /// <param name="scope">A model's name, or <see cref="AuditScopes.Registry"/>.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The entries as stored.</returns>
    ValueTask<IReadOnlyList<AuditEntry>> ReadAuditLogAsync(string scope, CancellationToken cancellationToken = default);

    /// <summary>
    /// Verifies an audit chain as stored: every entry's hash, every link, the order, every signature when signing is configured, and
    /// (given an anchor exported earlier) that the chain still reaches the anchor's head unchanged. With an
    /// <see cref="IAuditAnchorSink"/> (<see cref="ModelOpsOptions.AuditAnchorDirectory"/>), the sink's latest anchor of the chain is
    /// checked as well, so entries dropped from the end are reported as <see cref="AuditViolationKind.Truncated"/>.
    /// </summary>
    /// <param name="scope">A model's name, or <see cref="AuditScopes.Registry"/>.</param>
    /// <param name="anchor">An anchor from <see cref="ExportAuditAnchorAsync"/>, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The result, listing every violation with its position.</returns>
    /// <exception cref="JournalCorruptException">The store's journal is corrupt in content and cannot be read as a chain at all.</exception>
    Task<AuditVerificationResult> VerifyAuditLogAsync(string scope, AuditAnchor? anchor = null, CancellationToken cancellationToken = default);

    /// <summary>Exports the head of an audit chain, to keep elsewhere and verify against later.</summary>
    /// <param name="scope">A model's name, or <see cref="AuditScopes.Registry"/>.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The anchor.</returns>
    Task<AuditAnchor> ExportAuditAnchorAsync(string scope, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gets a change token that fires once when the alias next changes (in this process at once, from other processes within the
    /// poll interval). Use with <see cref="ChangeToken.OnChange(Func{IChangeToken}, Action)"/>.
    /// </summary>
    /// <param name="modelName">The model.</param>
    /// <param name="aliasName">The alias.</param>
    /// <returns>The change token.</returns>
    IChangeToken GetAliasChangeToken(string modelName, string aliasName);

    /// <summary>
    /// Streams every change of an alias from now on, until <paramref name="cancellationToken"/> is cancelled or the registry is disposed.
    /// Changes arrive in sequence order; a slow reader does not block writers.
    /// </summary>
    /// <remarks>
    /// The subscription starts when this method is called, so a change made right after the call is delivered even if the stream
    /// is read later. Enumerate the stream once; disposing its enumerator or cancelling <paramref name="cancellationToken"/> ends
    /// the subscription.
    /// </remarks>
    /// <param name="modelName">The model.</param>
    /// <param name="aliasName">The alias.</param>
    /// <param name="cancellationToken">A token that ends the stream.</param>
    /// <returns>The changes.</returns>
    IAsyncEnumerable<AliasChange> WatchAliasAsync(string modelName, string aliasName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gets how long ago the in-memory replica last caught up with the store successfully: the age of what reads are served from.
    /// </summary>
    /// <remarks>
    /// It stays under <see cref="ModelOpsOptions.ChangePollInterval"/> (plus the time one catch-up takes) while the registry is in
    /// use and the store answers. While the store is unreachable, reads keep answering from the replica without waiting on the store,
    /// and this value grows; the registry logs it and the <c>ModelScorersHealthCheck</c> of the <c>ModelOps.Sdk</c> package reports it.
    /// </remarks>
    /// <value>The time since the last successful catch-up, or <see langword="null"/> before the first one.</value>
    TimeSpan? Staleness { get; }

    /// <summary>
    /// Brings the in-memory replica up to date with the store now, instead of waiting for the poll interval.
    /// </summary>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The registry-wide sequence number of the last change seen.</returns>
    ValueTask<long> RefreshAsync(CancellationToken cancellationToken = default);
}
