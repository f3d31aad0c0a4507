namespace ModelOps.Sdk.Storage;

/// <summary>
/// The outcome of <see cref="IModelMetadataStore.AppendAsync"/>: either the entries were committed, or the scope had changed
/// since the caller read it and nothing was written.
/// </summary>
public sealed class JournalAppendResult
{
    private JournalAppendResult(bool committed, IReadOnlyList<JournalEntry> entries, long currentLength)
    {
        IsCommitted = committed;
        Entries = entries;
        CurrentLength = currentLength;
    }

    /// <summary>Gets a value indicating whether the entries were committed.</summary>
    public bool IsCommitted { get; }

    /// <summary>Gets the committed entries with their sequence numbers; empty on conflict.</summary>
    public IReadOnlyList<JournalEntry> Entries { get; }

    /// <summary>Gets the scope's length after the call (on conflict: the length that did not match the expected one).</summary>
    public long CurrentLength { get; }

    /// <summary>Creates a result for committed entries.</summary>
    /// <param name="entries">The entries as stored, each with its assigned <see cref="JournalEntry.Sequence"/>.</param>
    /// <param name="currentLength">The scope's length after the append.</param>
    /// <returns>The result.</returns>
    public static JournalAppendResult Committed(IReadOnlyList<JournalEntry> entries, long currentLength) => new(true, entries, currentLength);

    /// <summary>Creates a result for a conflict: the scope's length was not the expected one, and nothing was written.</summary>
    /// <param name="currentLength">The scope's actual length.</param>
    /// <returns>The result.</returns>
    public static JournalAppendResult Conflict(long currentLength) => new(false, [], currentLength);
}
