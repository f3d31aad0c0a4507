// The test methods below are one per check of StorageProviderContract, in the order of its files. This file is compiled into both
// front ends (ModelOps.Sdk.Testing for xunit v2 and ModelOps.Sdk.Testing.XunitV3), whose [Fact], [Theory] and TheoryData share
// names and namespaces.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.Storage;

namespace ModelOps.Sdk.Testing;

/// <summary>
/// The storage-provider contract as xunit tests: subclass this class in a test project, return fresh stores from
/// <see cref="CreateStorageAsync"/>, and each check of <see cref="StorageProviderContract"/> runs as one test.
/// </summary>
/// <remarks>
/// <para>
/// A failing test throws <see cref="StorageContractViolationException"/>, whose message names the rule the provider broke. The
/// checks that involve a second process open one with <see cref="StorageUnderTest.OpenAnotherInstance"/>, which the factory must
/// set (pass it to the <see cref="StorageUnderTest"/> constructor, or use <see cref="StorageUnderTest.SingleProcess"/> for a store
/// that cannot be shared between processes). Each test gets its own storage, so the tests may run in parallel.
/// </para>
/// <para>A provider's whole test class:</para>
/// <code>
/// public sealed class MyStoreContractTests : StorageProviderContractTests
/// {
///     protected override ValueTask&lt;StorageUnderTest&gt; CreateStorageAsync() =&gt;
///         ValueTask.FromResult(StorageUnderTest.SingleProcess(new MyMetadataStore(), new MyArtifactStore()));
/// }
/// </code>
/// </remarks>
public abstract class StorageProviderContractTests
{
    /// <summary>How long a test waits for something that should happen at once (a watch item, a concurrent batch) before failing.</summary>
    protected static readonly TimeSpan WaitTimeout = StorageProviderContract.WaitTimeout;

    private StorageProviderContract? _contract;

    /// <summary>Gets model names the registry must refuse: path separators, dot-dot, control characters, reserved device names, over-long and empty names.</summary>
    public static TheoryData<string> InvalidModelNames { get; } = new(StorageProviderContract.InvalidModelNames);

    /// <summary>Gets alias names the registry must refuse: all digits (they read as versions), and the model-name rules.</summary>
    public static TheoryData<string> InvalidAliasNames { get; } = new(StorageProviderContract.InvalidAliasNames);

    /// <summary>Gets the checks, over storage from <see cref="CreateStorageAsync"/>.</summary>
    protected StorageProviderContract Contract => _contract ??= new StorageProviderContract(CreateStorageAsync);


    /// <summary>An alias can be created, moved and resolved, and its current target is listed.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task SetAliasAsync_CreatesAndMovesAliasThatResolvesToItsTarget() => Contract.SetAliasAsync_CreatesAndMovesAliasThatResolvesToItsTarget();

    /// <summary>Deleting an alias removes it (resolving then throws <see cref="AliasNotFoundException"/>) and keeps its history.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task DeleteAliasAsync_RemovesAliasAndKeepsItsHistory() => Contract.DeleteAliasAsync_RemovesAliasAndKeepsItsHistory();

    /// <summary>A move that expects a target the alias no longer has throws <see cref="ConcurrencyConflictException"/> naming both versions, and changes nothing.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task MoveAliasAsync_ExpectedVersionStale_ThrowsConcurrencyConflictAndChangesNothing() => Contract.MoveAliasAsync_ExpectedVersionStale_ThrowsConcurrencyConflictAndChangesNothing();

    /// <summary>Two instances promoting concurrently from the same expected target: exactly one wins, the other gets a conflict naming the winner's version.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task MoveAliasAsync_ConcurrentPromotionsOnTwoInstances_ExactlyOneWins() => Contract.MoveAliasAsync_ConcurrentPromotionsOnTwoInstances_ExactlyOneWins();

    /// <summary>An alias cannot point at an archived or rejected version, and a version an alias points to cannot be archived or rejected.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task Aliases_AndRetiredVersions_ExcludeEachOther() => Contract.Aliases_AndRetiredVersions_ExcludeEachOther();

    /// <summary>Two rollbacks in a row go two steps back along the chain of manual moves.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task RollbackAliasAsync_TwiceInARow_GoesTwoStepsBack() => Contract.RollbackAliasAsync_TwiceInARow_GoesTwoStepsBack();

    /// <summary>
    /// A rollback conditioned on the alias's current version rolls back while the alias still points there, and when someone moved
    /// it meanwhile it fails with a conflict and changes nothing (an automatic rollback must not undo a manual move).
    /// </summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task RollbackAliasIfCurrentAsync_RollsBackOnlyIfTheAliasStillPointsThere() => Contract.RollbackAliasIfCurrentAsync_RollsBackOnlyIfTheAliasStillPointsThere();

    /// <summary>A manual move after a rollback starts a new chain: the next rollback returns to the target the manual move replaced.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task RollbackAliasAsync_AfterManualMove_ReturnsToTheTargetThatMoveReplaced() => Contract.RollbackAliasAsync_AfterManualMove_ReturnsToTheTargetThatMoveReplaced();

    /// <summary>Rollback skips earlier targets that were archived or rejected since, and throws <see cref="RollbackUnavailableException"/> when none is eligible.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task RollbackAliasAsync_SkipsRetiredTargets_AndThrowsWhenNoneIsEligible() => Contract.RollbackAliasAsync_SkipsRetiredTargets_AndThrowsWhenNoneIsEligible();

    /// <summary>A rollback needs a reason: without one it throws <see cref="InvalidRegistrationException"/> and changes nothing.</summary>
    /// <param name="reason">The missing reason.</param>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public Task RollbackAliasAsync_WithoutReason_ThrowsAndChangesNothing(string reason) => Contract.RollbackAliasAsync_WithoutReason_ThrowsAndChangesNothing(reason);

    /// <summary>The alias history lists every change oldest first, with kind, previous and new target, time, sequence, actor and reason.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task GetAliasHistoryAsync_RecordsEveryChange() => Contract.GetAliasHistoryAsync_RecordsEveryChange();

    /// <summary>Point-in-time resolution tells which version an alias pointed to at any past moment, or <see langword="null"/> before it existed and after it was deleted.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task ResolveAliasAtAsync_PointInTime_ReturnsTheTargetAtThatTime() => Contract.ResolveAliasAtAsync_PointInTime_ReturnsTheTargetAtThatTime();

    /// <summary>Sequence-based resolution tells which version an alias pointed to just after a given registry-wide change.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task ResolveAliasAtSequenceAsync_ReturnsTheTargetJustAfterThatChange() => Contract.ResolveAliasAtSequenceAsync_ReturnsTheTargetJustAfterThatChange();

    /// <summary>Committed content reads back byte for byte under its hash, for empty, tiny and multi-megabyte content.</summary>
    /// <param name="length">The content's length.</param>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4093)]
    [InlineData((3 * 1024 * 1024) + 17)]
    public Task ArtifactUpload_CommitThenRead_RoundTripsBytes(int length) => Contract.ArtifactUpload_CommitThenRead_RoundTripsBytes(length);

    /// <summary>Uploading identical bytes again (also concurrently, and from another instance) succeeds and leaves one readable copy.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task ArtifactUpload_IdenticalBytesRepeatedlyAndConcurrently_DeduplicatesAndStaysReadable() => Contract.ArtifactUpload_IdenticalBytesRepeatedlyAndConcurrently_DeduplicatesAndStaysReadable();

    /// <summary>Disposing an upload without committing it leaves nothing readable under the content's hash.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task ArtifactUpload_DisposedWithoutCommit_LeavesNothingReadable() => Contract.ArtifactUpload_DisposedWithoutCommit_LeavesNothingReadable();

    /// <summary>A hash that was never stored is reported missing: <see cref="IArtifactStore.OpenReadAsync"/> returns <see langword="null"/> and <see cref="IArtifactStore.ExistsAsync"/> false.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task ArtifactStore_UnknownHash_OpenReadReturnsNullAndExistsIsFalse() => Contract.ArtifactStore_UnknownHash_OpenReadReturnsNullAndExistsIsFalse();

    /// <summary>Content committed through one store instance is readable through another over the same storage.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task ArtifactUpload_CommittedOnOneInstance_IsReadableFromAnother() => Contract.ArtifactUpload_CommittedOnOneInstance_IsReadableFromAnother();

    /// <summary>Documents are append-only: attaching the same name again adds a revision, and every revision reads back verified.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task AttachDocumentAsync_SameNameTwice_AddsRevisionsThatReadBackVerified() => Contract.AttachDocumentAsync_SameNameTwice_AddsRevisionsThatReadBackVerified();

    /// <summary>Every kind of change is in the model's audit log with the actor's name and roles, the reason, and the values before and after.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task ReadAuditLogAsync_EveryKindOfChange_RecordsActorRolesReasonBeforeAndAfter() => Contract.ReadAuditLogAsync_EveryKindOfChange_RecordsActorRolesReasonBeforeAndAfter();

    /// <summary>The audit chains of models and of the registry verify as intact through the provider, unsigned and signed, also when read by another instance.</summary>
    /// <param name="withSigningKey">Whether an audit signing key is configured.</param>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task VerifyAuditLogAsync_AfterEveryKindOfChange_IsIntact(bool withSigningKey) => Contract.VerifyAuditLogAsync_AfterEveryKindOfChange_IsIntact(withSigningKey);

    /// <summary>An exported anchor verifies against the chain it was taken from, also after more changes and from another instance.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task ExportAuditAnchorAsync_VerifiesAgainstTheGrowingChain() => Contract.ExportAuditAnchorAsync_VerifiesAgainstTheGrowingChain();

    /// <summary>
    /// A store that implements IJournalClock returns UTC (offset zero) or null, never goes back between two reads, and is one clock for
    /// every instance: a read on another instance is not earlier than a read before it on the first.
    /// </summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task JournalClock_IfImplemented_IsOneUtcClockThatNeverGoesBack() => Contract.JournalClock_IfImplemented_IsOneUtcClockThatNeverGoesBack();

    /// <summary>When the store's IJournalClock returns a time, the registry stamps the entries it appends from it, between a read of the clock before and one after.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task JournalClock_IfImplemented_StampsTheRegistrysEntries() => Contract.JournalClock_IfImplemented_StampsTheRegistrysEntries();

    /// <summary>
    /// A store that implements IJournalChangeNotifier calls a subscriber on another instance after an append commits, with the
    /// committed sequence or a later one, or 0 when it does not know it.
    /// </summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task ChangeNotifier_IfImplemented_CallsBackOnAnotherInstanceAfterACommit() => Contract.ChangeNotifier_IfImplemented_CallsBackOnAnotherInstanceAfterACommit();

    /// <summary>
    /// A store that implements IJournalScopeReader returns, from a given index, exactly the scope's entries from that index on, in
    /// index order, every field as ReadScopeAsync returns it, and none of another scope; nothing for an unknown scope or an index past
    /// the end; also across page boundaries and from a second instance.
    /// </summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task ScopeReader_IfImplemented_ReadsExactlyTheScopesEntriesFromTheIndex() => Contract.ScopeReader_IfImplemented_ReadsExactlyTheScopesEntriesFromTheIndex();

    /// <summary>
    /// A store that implements IScopeCheckpointStore returns, for each scope, the checkpoint written last, every field exactly as
    /// written, also when it is shorter than the one it replaces, and also to a second instance; nothing for a scope without one; scopes
    /// differing only in case keep separate checkpoints.
    /// </summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task CheckpointStore_IfImplemented_KeepsTheLastCheckpointOfEachScopeVerbatim() => Contract.CheckpointStore_IfImplemented_KeepsTheLastCheckpointOfEachScopeVerbatim();

    /// <summary>
    /// An artifact store that implements ICollectableArtifactStore lists what it stores with its length; deletes content only when it
    /// was last modified before the cutoff (and then no longer lists or serves it); a commit of content already stored keeps it listed
    /// with a last-modified time no earlier than before; and an upload in progress is never listed as abandoned.
    /// </summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task CollectableArtifactStore_IfImplemented_DeletesOnlyContentOlderThanTheCutoff() => Contract.CollectableArtifactStore_IfImplemented_DeletesOnlyContentOlderThanTheCutoff();

    /// <summary>
    /// A registry that first uses a model after another instance wrote it (and many other models) answers as the writer does:
    /// versions, aliases, history and the listing of every model, also for changes made after it first answered.
    /// </summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task SecondRegistry_ModelsFirstUsedAfterOtherWrites_AnswerAsTheWriterDoes() => Contract.SecondRegistry_ModelsFirstUsedAfterOtherWrites_AnswerAsTheWriterDoes();

    /// <summary>An empty store reports sequence 0 and reads no entries.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task MetadataStore_Empty_HasSequenceZeroAndNoEntries() => Contract.MetadataStore_Empty_HasSequenceZeroAndNoEntries();

    /// <summary>Appending at the scope's length commits every entry and assigns consecutive sequence numbers.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task AppendAsync_ExpectedLengthMatches_CommitsAllEntriesWithConsecutiveSequences() => Contract.AppendAsync_ExpectedLengthMatches_CommitsAllEntriesWithConsecutiveSequences();

    /// <summary>Compare-and-append with a stale or too-large expected length reports a conflict with the real length and writes nothing.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task AppendAsync_ExpectedLengthStale_ReturnsConflictAndWritesNothing() => Contract.AppendAsync_ExpectedLengthStale_ReturnsConflictAndWritesNothing();

    /// <summary>Entries whose indexes do not continue the expected length one by one, or that name another scope, are refused with <see cref="ArgumentException"/> and nothing is written.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task AppendAsync_NonContiguousIndexesOrForeignScope_ThrowsArgumentExceptionAndWritesNothing() => Contract.AppendAsync_NonContiguousIndexesOrForeignScope_ThrowsArgumentExceptionAndWritesNothing();

    /// <summary>Sequence numbers grow by exactly 1 per committed entry across all scopes, in commit order.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task AppendAsync_AcrossScopes_SequencesIncreaseByExactlyOne() => Contract.AppendAsync_AcrossScopes_SequencesIncreaseByExactlyOne();

    /// <summary><see cref="IModelMetadataStore.ReadAsync"/> returns exactly the entries after the given sequence, in sequence order.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task ReadAsync_AfterSequence_ReturnsLaterEntriesInSequenceOrder() => Contract.ReadAsync_AfterSequence_ReturnsLaterEntriesInSequenceOrder();

    /// <summary>Every field of every entry reads back exactly as appended: unicode payloads byte for byte, timestamps to the tick, null and non-null signatures.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task ReadScopeAsync_AndReadAsync_ReturnEveryFieldVerbatim() => Contract.ReadScopeAsync_AndReadAsync_ReturnEveryFieldVerbatim();

    /// <summary>Eight appenders doing 25 appends each with compare-and-append retry (on two store instances when the provider has them) produce gapless, duplicate-free indexes and sequences.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task AppendAsync_ConcurrentAppendersWithRetry_ProduceGaplessDuplicateFreeIndexes() => Contract.AppendAsync_ConcurrentAppendersWithRetry_ProduceGaplessDuplicateFreeIndexes();

    /// <summary>A second store instance over the same storage sees committed entries at once and conflicts on a stale expected length.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task AppendAsync_SecondInstance_SeesCommittedEntriesAndConflictsOnStaleLength() => Contract.AppendAsync_SecondInstance_SeesCommittedEntriesAndConflictsOnStaleLength();

    /// <summary>Scopes are compared ordinally: names that differ only in case (<c>Credit</c>, <c>credit</c>, <c>CREDIT</c>) are separate scopes, each with its own indexes.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task AppendAsync_ScopesDifferingOnlyInCase_AreSeparateScopes() => Contract.AppendAsync_ScopesDifferingOnlyInCase_AreSeparateScopes();

    /// <summary>Model names that differ only in case are separate models: registering <c>Credit</c> and <c>credit</c> gives each its version 1.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task RegisterAsync_ModelNamesDifferingOnlyInCase_AreSeparateModels() => Contract.RegisterAsync_ModelNamesDifferingOnlyInCase_AreSeparateModels();

    /// <summary>
    /// Reads return every entry across page boundaries: with 2,500 entries in two interleaved scopes, ReadAsync from any sequence
    /// and ReadScopeAsync return each entry exactly once, in order, on both instances.
    /// </summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task ReadAsync_AndReadScopeAsync_AcrossPageBoundaries_ReturnEveryEntryOnce() => Contract.ReadAsync_AndReadScopeAsync_AcrossPageBoundaries_ReturnEveryEntryOnce();

    /// <summary>
    /// Timestamps read back with their offset as well as their instant: entries stamped +05:30, -08:00, +14:00 and -12:00 keep those
    /// offsets, to the tick, on every read path and on another instance.
    /// </summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task ReadScopeAsync_NonUtcOffsets_ReadBackWithTheirOffset() => Contract.ReadScopeAsync_NonUtcOffsets_ReadBackWithTheirOffset();

    /// <summary>
    /// Payloads read back byte for byte, whitespace included: leading and trailing spaces, tabs, CR LF, blank lines and spacing inside
    /// JSON are neither trimmed, normalized nor re-encoded.
    /// </summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task ReadScopeAsync_PayloadWhitespace_ReadsBackVerbatim() => Contract.ReadScopeAsync_PayloadWhitespace_ReadsBackVerbatim();

    /// <summary>
    /// An append whose token is already cancelled either throws OperationCanceledException and writes nothing, or commits and returns
    /// the committed result: it never reports a cancellation for entries it committed.
    /// </summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task AppendAsync_CancelledToken_NeverReportsCancellationAfterCommitting() => Contract.AppendAsync_CancelledToken_NeverReportsCancellationAfterCommitting();

    /// <summary>
    /// Whenever a cancellation arrives during an append, the outcome matches the store: OperationCanceledException only when nothing was
    /// written, a committed result only when the entry is stored (40 appends, each cancelled at a different moment).
    /// </summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task AppendAsync_CancelledWhileAppending_ThrowsOnlyWhenNothingWasCommitted() => Contract.AppendAsync_CancelledWhileAppending_ThrowsOnlyWhenNothingWasCommitted();

    /// <summary>
    /// StorageUnderTest.OpenAnotherInstance opens stores over the same storage: what one instance appends, the other reads at once,
    /// and each sees the other's commits in its compare-and-append.
    /// </summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task OpenAnotherInstance_IsSetAndOpensTheSameStorage() => Contract.OpenAnotherInstance_IsSetAndOpensTheSameStorage();

    /// <summary>A registration with an invalid model name throws <see cref="InvalidModelNameException"/> naming it, and stores nothing at all.</summary>
    /// <param name="name">The invalid name.</param>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Theory]
    [MemberData(nameof(InvalidModelNames))]
    public Task RegisterAsync_InvalidModelName_ThrowsAndStoresNothing(string name) => Contract.RegisterAsync_InvalidModelName_ThrowsAndStoresNothing(name);

    /// <summary>An invalid alias name is refused with <see cref="InvalidModelNameException"/> by every alias operation, and nothing is stored.</summary>
    /// <param name="alias">The invalid alias.</param>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Theory]
    [MemberData(nameof(InvalidAliasNames))]
    public Task AliasOperations_InvalidAliasName_ThrowAndStoreNothing(string alias) => Contract.AliasOperations_InvalidAliasName_ThrowAndStoreNothing(alias);

    /// <summary>Asking for a model, version or alias that does not exist throws the matching not-found exception carrying the names.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task Lookups_UnknownModelVersionOrAlias_ThrowNotFoundExceptionsWithProperties() => Contract.Lookups_UnknownModelVersionOrAlias_ThrowNotFoundExceptionsWithProperties();

    /// <summary>A non-finite metric is refused with <see cref="InvalidRegistrationException"/> naming the metric, and nothing is stored.</summary>
    /// <param name="value">The non-finite value.</param>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public Task RegisterAsync_NonFiniteMetric_ThrowsAndStoresNothing(double value) => Contract.RegisterAsync_NonFiniteMetric_ThrowsAndStoresNothing(value);

    /// <summary>An input example that is not JSON is refused with <see cref="InvalidRegistrationException"/> naming the field, and nothing is stored.</summary>
    /// <param name="example">The invalid example.</param>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Theory]
    [InlineData("{\"income\": ")]
    [InlineData("not json")]
    [InlineData("{'single': 'quotes'}")]
    [InlineData("")]
    public Task RegisterAsync_InvalidInputExampleJson_ThrowsAndStoresNothing(string example) => Contract.RegisterAsync_InvalidInputExampleJson_ThrowsAndStoresNothing(example);

    /// <summary>A parent version that does not exist is refused with <see cref="InvalidRegistrationException"/> naming <c>Lineage.ParentVersion</c>, and the artifact is not stored.</summary>
    /// <param name="parent">The bad parent version.</param>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(2)]
    [InlineData(int.MaxValue)]
    public Task RegisterAsync_UnknownParentVersion_ThrowsAndStoresNothing(int parent) => Contract.RegisterAsync_UnknownParentVersion_ThrowsAndStoresNothing(parent);

    /// <summary>Sixteen concurrent registrations of one model get the version numbers 1 to 16, each once.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task RegisterAsync_SixteenConcurrentWriters_AssignGaplessVersions() => Contract.RegisterAsync_SixteenConcurrentWriters_AssignGaplessVersions();

    /// <summary>Two registries over two store instances of the same storage, registering concurrently, never hand out a number twice or skip one.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task RegisterAsync_ConcurrentWritersOnTwoInstances_AssignGaplessVersions() => Contract.RegisterAsync_ConcurrentWritersOnTwoInstances_AssignGaplessVersions();

    /// <summary>A registration retried with the same idempotency key returns the first version and stores nothing new, also from another instance.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task RegisterAsync_SameIdempotencyKey_ReturnsTheSameVersion() => Contract.RegisterAsync_SameIdempotencyKey_ReturnsTheSameVersion();

    /// <summary>Everything given at registration reads back unchanged, from this registry and from a fresh one over the same storage, and the artifact and extra files are byte-exact.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task RegisterAsync_AllFields_ReadBackUnchangedFromAnyInstance() => Contract.RegisterAsync_AllFields_ReadBackUnchangedFromAnyInstance();

    /// <summary>Tags and the description can change; every other field of a version, and its bytes, stay as registered.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task UpdateTagsAndDescription_ChangeOnlyThoseFields() => Contract.UpdateTagsAndDescription_ChangeOnlyThoseFields();

    /// <summary>Each lifecycle transition is allowed or refused as documented on <see cref="ModelVersionStatus"/>; a refused one changes nothing.</summary>
    /// <param name="from">The version's status before.</param>
    /// <param name="to">The requested status.</param>
    /// <param name="allowed">Whether the transition is allowed.</param>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Theory]
    [InlineData(ModelVersionStatus.PendingApproval, ModelVersionStatus.Approved, true)]
    [InlineData(ModelVersionStatus.PendingApproval, ModelVersionStatus.Rejected, true)]
    [InlineData(ModelVersionStatus.PendingApproval, ModelVersionStatus.Archived, true)]
    [InlineData(ModelVersionStatus.PendingApproval, ModelVersionStatus.PendingApproval, false)]
    [InlineData(ModelVersionStatus.Approved, ModelVersionStatus.Rejected, true)]
    [InlineData(ModelVersionStatus.Approved, ModelVersionStatus.Archived, true)]
    [InlineData(ModelVersionStatus.Approved, ModelVersionStatus.PendingApproval, false)]
    [InlineData(ModelVersionStatus.Approved, ModelVersionStatus.Approved, false)]
    [InlineData(ModelVersionStatus.Rejected, ModelVersionStatus.Archived, true)]
    [InlineData(ModelVersionStatus.Rejected, ModelVersionStatus.Approved, false)]
    [InlineData(ModelVersionStatus.Rejected, ModelVersionStatus.PendingApproval, false)]
    [InlineData(ModelVersionStatus.Rejected, ModelVersionStatus.Rejected, false)]
    [InlineData(ModelVersionStatus.Archived, ModelVersionStatus.Approved, false)]
    [InlineData(ModelVersionStatus.Archived, ModelVersionStatus.PendingApproval, false)]
    [InlineData(ModelVersionStatus.Archived, ModelVersionStatus.Rejected, false)]
    [InlineData(ModelVersionStatus.Archived, ModelVersionStatus.Archived, false)]
    public Task TransitionAsync_FollowsTheLifecycle(ModelVersionStatus from, ModelVersionStatus to, bool allowed) => Contract.TransitionAsync_FollowsTheLifecycle(from, to, allowed);

    /// <summary>Paging through the versions while other writers register more returns every version once, in order, with no gaps.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task ListVersionsAsync_PagingDuringConcurrentRegistration_IsContiguousAndStable() => Contract.ListVersionsAsync_PagingDuringConcurrentRegistration_IsContiguousAndStable();

    /// <summary><see cref="IModelRegistry.FindByTagAsync"/> finds versions of every model by tag, optionally by value, ordered by model and version, and follows tag updates.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task FindByTagAsync_ReturnsTaggedVersionsOrderedByModelAndVersion() => Contract.FindByTagAsync_ReturnsTaggedVersionsOrderedByModelAndVersion();

    /// <summary>A watch stream delivers every change of its alias in order, with increasing sequence numbers, and nothing about other aliases.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task WatchAliasAsync_DeliversEveryChangeInSequenceOrder() => Contract.WatchAliasAsync_DeliversEveryChangeInSequenceOrder();

    /// <summary>A second registry instance over the same storage delivers the first one's alias move on its watch stream after <see cref="IModelRegistry.RefreshAsync"/>.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task WatchAliasAsync_OnSecondInstance_SeesTheMoveAfterRefresh() => Contract.WatchAliasAsync_OnSecondInstance_SeesTheMoveAfterRefresh();

    /// <summary>A second registry instance notices the first one's alias move by itself once its poll interval has passed: no explicit refresh needed.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task WatchAliasAsync_OnSecondInstance_SeesTheMoveAfterThePollInterval() => Contract.WatchAliasAsync_OnSecondInstance_SeesTheMoveAfterThePollInterval();

    /// <summary>An alias change token fires exactly once, on the next change of that alias only.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task GetAliasChangeToken_FiresOnceOnTheNextChangeOfThatAlias() => Contract.GetAliasChangeToken_FiresOnceOnTheNextChangeOfThatAlias();

    /// <summary>A change token from a second instance fires after that instance refreshes.</summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    [Fact]
    public Task GetAliasChangeToken_OnSecondInstance_FiresAfterRefresh() => Contract.GetAliasChangeToken_OnSecondInstance_FiresAfterRefresh();

    /// <summary>
    /// Creates a metadata store and an artifact store over fresh, empty storage (for example a new temporary folder or database),
    /// with a factory for a second instance over the same storage. Called at least once per test.
    /// </summary>
    /// <returns>The stores under test; the test disposes them.</returns>
    protected abstract ValueTask<StorageUnderTest> CreateStorageAsync();

    /// <summary>
    /// Builds the services of a registry over given stores the way an application would, with <c>AddModelOps</c>, the given clock, and an
    /// acting principal that has a name and roles (so audit entries can be checked). Resolve <see cref="IModelRegistry"/> from the result.
    /// </summary>
    /// <param name="metadata">The metadata store the registry uses.</param>
    /// <param name="artifacts">The artifact store the registry uses.</param>
    /// <param name="timeProvider">The registry's clock; advance it to simulate the passing of time.</param>
    /// <param name="configure">Sets further options, or <see langword="null"/>.</param>
    /// <returns>The service provider; dispose it before the stores.</returns>
    protected static ServiceProvider CreateRegistryServices(
        IModelMetadataStore metadata,
        IArtifactStore artifacts,
        FakeTimeProvider timeProvider,
        Action<ModelOpsOptions>? configure = null) =>
        StorageProviderContract.CreateRegistryServices(metadata, artifacts, timeProvider, configure);
}
