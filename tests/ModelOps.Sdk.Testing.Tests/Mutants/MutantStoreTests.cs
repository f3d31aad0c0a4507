using ModelOps.Sdk.Storage;

namespace ModelOps.Sdk.Testing.Tests.Mutants;

/// <summary>
/// Each mutant of <see cref="MutantStores"/> passed the whole kit before issue 15; these tests show that the check written for it now
/// fails it with <see cref="StorageContractViolationException"/> naming that check, while the same check passes over the unbroken
/// in-memory store (the filesystem and PostgreSQL stores run every check in their own contract test classes).
/// </summary>
public sealed class MutantStoreTests
{
    public static TheoryData<string> Mutants { get; } =
    [
        nameof(MutantStores.CaseInsensitiveScopes) + "/" + nameof(StorageProviderContract.AppendAsync_ScopesDifferingOnlyInCase_AreSeparateScopes),
        nameof(MutantStores.CaseInsensitiveScopes) + "/" + nameof(StorageProviderContract.RegisterAsync_ModelNamesDifferingOnlyInCase_AreSeparateModels),
        nameof(MutantStores.PageBoundaryDropping) + "/" + nameof(StorageProviderContract.ReadAsync_AndReadScopeAsync_AcrossPageBoundaries_ReturnEveryEntryOnce),
        nameof(MutantStores.OffsetDropping) + "/" + nameof(StorageProviderContract.ReadScopeAsync_NonUtcOffsets_ReadBackWithTheirOffset),
        nameof(MutantStores.PayloadTrimming) + "/" + nameof(StorageProviderContract.ReadScopeAsync_PayloadWhitespace_ReadsBackVerbatim),
        nameof(MutantStores.CancelledAfterCommit) + "/" + nameof(StorageProviderContract.AppendAsync_CancelledToken_NeverReportsCancellationAfterCommitting),
        nameof(MutantStores.LocalTimeClock) + "/" + nameof(StorageProviderContract.JournalClock_IfImplemented_IsOneUtcClockThatNeverGoesBack),
        nameof(MutantStores.SilentNotifier) + "/" + nameof(StorageProviderContract.ChangeNotifier_IfImplemented_CallsBackOnAnotherInstanceAfterACommit),
        nameof(MutantStores.ScopeReaderFromStart) + "/" + nameof(StorageProviderContract.ScopeReader_IfImplemented_ReadsExactlyTheScopesEntriesFromTheIndex),
        nameof(MutantStores.ScopeReaderAfterIndex) + "/" + nameof(StorageProviderContract.ScopeReader_IfImplemented_ReadsExactlyTheScopesEntriesFromTheIndex),
        nameof(MutantStores.ScopeReaderAcrossScopes) + "/" + nameof(StorageProviderContract.ScopeReader_IfImplemented_ReadsExactlyTheScopesEntriesFromTheIndex),
        nameof(MutantStores.CheckpointKeepsLongest) + "/" + nameof(StorageProviderContract.CheckpointStore_IfImplemented_KeepsTheLastCheckpointOfEachScopeVerbatim),
        nameof(MutantStores.SplitBrain) + "/" + nameof(StorageProviderContract.OpenAnotherInstance_IsSetAndOpensTheSameStorage),
        nameof(CollectableStoreMutants.IgnoresCutoff) + "/" + nameof(StorageProviderContract.CollectableArtifactStore_IfImplemented_DeletesOnlyContentOlderThanTheCutoff),
        nameof(CollectableStoreMutants.ListsZeroLength) + "/" + nameof(StorageProviderContract.CollectableArtifactStore_IfImplemented_DeletesOnlyContentOlderThanTheCutoff),
        nameof(MutantStores.WithoutSecondInstance) + "/" + nameof(StorageProviderContract.OpenAnotherInstance_IsSetAndOpensTheSameStorage),
    ];

    [Theory]
    [MemberData(nameof(Mutants))]
    public async Task Check_OnItsMutant_FailsNamingTheRule(string mutantAndCheck)
    {
        var (mutant, check) = Split(mutantAndCheck);
        var contract = new StorageProviderContract(() => ValueTask.FromResult(Create(mutant)));

        var violation = await Assert.ThrowsAsync<StorageContractViolationException>(() => Run(contract, check));

        Assert.Equal(check, violation.Check);
        Assert.False(string.IsNullOrWhiteSpace(violation.Rule));
        Assert.Contains(violation.Rule, violation.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Mutants))]
    public async Task Check_OnTheUnbrokenInMemoryStore_Passes(string mutantAndCheck)
    {
        var (_, check) = Split(mutantAndCheck);
        var contract = new StorageProviderContract(() => ValueTask.FromResult(MutantStores.SingleProcess(store => store)));

        await Run(contract, check);
    }

    [Fact]
    public async Task CollectableStoreCheck_OnTheUnbrokenFileSystemArtifactStore_Passes()
    {
        // The in-memory artifact store is not collectable, so the theory above passes over it vacuously; this is the real check.
        var contract = new StorageProviderContract(() => ValueTask.FromResult(CollectableStoreMutants.Create(s => new CollectableStoreMutants.Decorator(s))));

        await contract.CollectableArtifactStore_IfImplemented_DeletesOnlyContentOlderThanTheCutoff();
    }

    [Fact]
    public async Task ChangeNotifierCheck_OnACorrectNotifier_Passes()
    {
        var contract = new StorageProviderContract(() => ValueTask.FromResult(MutantStores.SingleProcess(store => new MutantStores.InProcessNotifier(store))));

        await contract.ChangeNotifier_IfImplemented_CallsBackOnAnotherInstanceAfterACommit();
    }

    [Fact]
    public async Task ScopeReaderCheck_OnACorrectReaderOverTheWholeJournal_Passes()
    {
        // A reader written the slow way (filtering the whole journal) is still correct: the check judges answers, not how they are found.
        var contract = new StorageProviderContract(() => ValueTask.FromResult(MutantStores.SingleProcess(store => new FilteringScopeReader(store))));

        await contract.ScopeReader_IfImplemented_ReadsExactlyTheScopesEntriesFromTheIndex();
        await contract.SecondRegistry_ModelsFirstUsedAfterOtherWrites_AnswerAsTheWriterDoes();
    }

    [Fact]
    public async Task JournalClockChecks_OnAUtcClock_Pass()
    {
        var contract = new StorageProviderContract(() => ValueTask.FromResult(MutantStores.SingleProcess(store => new UtcClock(store))));

        await contract.JournalClock_IfImplemented_IsOneUtcClockThatNeverGoesBack();
        await contract.JournalClock_IfImplemented_StampsTheRegistrysEntries();
    }

    [Fact]
    public async Task MissingSecondInstanceFactory_FailsWithAMessageSayingWhatToSet()
    {
        var contract = new StorageProviderContract(() => ValueTask.FromResult(MutantStores.WithoutSecondInstance()));

        var violation = await Assert.ThrowsAsync<StorageContractViolationException>(contract.AppendAsync_SecondInstance_SeesCommittedEntriesAndConflictsOnStaleLength);

        Assert.Contains("OpenAnotherInstance is not set", violation.Message, StringComparison.Ordinal);
        Assert.Contains("StorageUnderTest.SingleProcess", violation.Message, StringComparison.Ordinal);
    }

    private static (string Mutant, string Check) Split(string mutantAndCheck)
    {
        var parts = mutantAndCheck.Split('/');
        return (parts[0], parts[1]);
    }

    private static StorageUnderTest Create(string mutant) => mutant switch
    {
        nameof(MutantStores.CaseInsensitiveScopes) => MutantStores.SingleProcess(s => new MutantStores.CaseInsensitiveScopes(s)),
        nameof(MutantStores.PageBoundaryDropping) => MutantStores.SingleProcess(s => new MutantStores.PageBoundaryDropping(s)),
        nameof(MutantStores.OffsetDropping) => MutantStores.SingleProcess(s => new MutantStores.OffsetDropping(s)),
        nameof(MutantStores.PayloadTrimming) => MutantStores.SingleProcess(s => new MutantStores.PayloadTrimming(s)),
        nameof(MutantStores.CancelledAfterCommit) => MutantStores.SingleProcess(s => new MutantStores.CancelledAfterCommit(s)),
        nameof(MutantStores.LocalTimeClock) => MutantStores.SingleProcess(s => new MutantStores.LocalTimeClock(s, TimeProvider.System)),
        nameof(MutantStores.SilentNotifier) => MutantStores.SingleProcess(s => new MutantStores.SilentNotifier(s)),
        nameof(MutantStores.ScopeReaderFromStart) => MutantStores.SingleProcess(s => new MutantStores.ScopeReaderFromStart(s)),
        nameof(MutantStores.ScopeReaderAfterIndex) => MutantStores.SingleProcess(s => new MutantStores.ScopeReaderAfterIndex(s)),
        nameof(MutantStores.ScopeReaderAcrossScopes) => MutantStores.SingleProcess(s => new MutantStores.ScopeReaderAcrossScopes(s)),
        nameof(MutantStores.CheckpointKeepsLongest) => MutantStores.SingleProcess(s => new MutantStores.CheckpointKeepsLongest(s)),
        nameof(MutantStores.SplitBrain) => MutantStores.SplitBrain(),
        nameof(CollectableStoreMutants.IgnoresCutoff) => CollectableStoreMutants.Create(s => new CollectableStoreMutants.IgnoresCutoff(s)),
        nameof(CollectableStoreMutants.ListsZeroLength) => CollectableStoreMutants.Create(s => new CollectableStoreMutants.ListsZeroLength(s)),
        nameof(MutantStores.WithoutSecondInstance) => MutantStores.WithoutSecondInstance(),
        _ => throw new ArgumentOutOfRangeException(nameof(mutant), mutant, "Unknown mutant."),
    };

    private static Task Run(StorageProviderContract contract, string check) =>
        (Task)typeof(StorageProviderContract).GetMethod(check)!.Invoke(contract, null)!;

    private sealed class FilteringScopeReader(IModelMetadataStore inner) : MetadataStoreDecorator(inner), IJournalScopeReader
    {
        public async IAsyncEnumerable<JournalEntry> ReadScopeFromAsync(string scope, long fromIndex, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(fromIndex);
            await foreach (var entry in Inner.ReadAsync(0, cancellationToken))
            {
                if (string.Equals(entry.Scope, scope, StringComparison.Ordinal) && entry.Index >= fromIndex)
                {
                    yield return entry;
                }
            }
        }
    }

    private sealed class UtcClock(IModelMetadataStore inner) : MetadataStoreDecorator(inner), IJournalClock
    {
        public ValueTask<DateTimeOffset?> GetUtcNowAsync(CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<DateTimeOffset?>(TimeProvider.System.GetUtcNow());
    }
}
