using ModelOps.Sdk.Storage;

namespace ModelOps.Sdk.Testing.Tests.Mutants;

/// <summary>Forwards every call to a metadata store; each mutant overrides the one behaviour it breaks.</summary>
public class MetadataStoreDecorator(IModelMetadataStore inner) : IModelMetadataStore
{
    protected IModelMetadataStore Inner { get; } = inner;

    public virtual ValueTask<long> GetLastSequenceAsync(CancellationToken cancellationToken = default) =>
        Inner.GetLastSequenceAsync(cancellationToken);

    public virtual IAsyncEnumerable<JournalEntry> ReadAsync(long afterSequence, CancellationToken cancellationToken = default) =>
        Inner.ReadAsync(afterSequence, cancellationToken);

    public virtual IAsyncEnumerable<JournalEntry> ReadScopeAsync(string scope, CancellationToken cancellationToken = default) =>
        Inner.ReadScopeAsync(scope, cancellationToken);

    public virtual ValueTask<JournalAppendResult> AppendAsync(
        string scope, long expectedLength, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default) =>
        Inner.AppendAsync(scope, expectedLength, entries, cancellationToken);
}
