namespace ModelOps.Sdk.Storage.FileSystem;

/// <summary>
/// Where each committed line of <c>journal.jsonl</c> starts, and which lines belong to each scope: 8 bytes per entry for the line
/// start and 4 for its place in its scope, in arrays sized to the journal rather than lists of boxed or padded items.
/// </summary>
/// <remarks>
/// Not thread-safe for writers: the store adds under its lock. Committed entries never change, and a growing array is copied before
/// it is replaced, so a <see cref="JournalIndexSnapshot"/> taken under the lock stays valid while the index grows.
/// </remarks>
internal sealed class JournalIndex
{
    private readonly Dictionary<string, ScopeLines> _scopes;
    private long[] _lineStarts;
    private int _count;

    public JournalIndex()
        : this([], 0, new Dictionary<string, ScopeLines>(StringComparer.Ordinal))
    {
    }

    private JournalIndex(long[] lineStarts, int count, Dictionary<string, ScopeLines> scopes)
    {
        _lineStarts = lineStarts;
        _count = count;
        _scopes = scopes;
    }

    /// <summary>Gets the number of indexed entries, which is also the sequence of the last one.</summary>
    public int Count => _count;

    /// <summary>Builds an index from a snapshot's arrays, which it takes over (the loaded index file).</summary>
    public static JournalIndex FromSnapshot(JournalIndexSnapshot snapshot)
    {
        var scopes = new Dictionary<string, ScopeLines>(snapshot.Scopes.Count, StringComparer.Ordinal);
        foreach ((string scope, ScopeSequences sequences) in snapshot.Scopes)
        {
            scopes.Add(scope, new ScopeLines(sequences.Sequences, sequences.Count));
        }

        return new JournalIndex(snapshot.LineStarts, snapshot.Count, scopes);
    }

    /// <summary>Gets where the line of <paramref name="sequence"/> (1 to <see cref="Count"/>) starts.</summary>
    public long LineStart(long sequence) => _lineStarts[sequence - 1];

    /// <summary>Gets how many entries <paramref name="scope"/> has.</summary>
    public int ScopeLength(string scope) => _scopes.TryGetValue(scope, out ScopeLines? lines) ? lines.Count : 0;

    /// <summary>Gets the sequence of the entry at <paramref name="position"/> of <paramref name="scope"/>.</summary>
    public long ScopeSequence(string scope, int position) => _scopes[scope].Sequences[position];

    /// <summary>Adds the next entry: its sequence must be <see cref="Count"/> + 1.</summary>
    /// <exception cref="InvalidOperationException">The journal outgrew what one index can address (2^31 - 1 entries).</exception>
    public void Add(string scope, long sequence, long lineStart)
    {
        if (sequence != _count + 1L || sequence > int.MaxValue)
        {
            throw new InvalidOperationException($"Cannot index sequence {sequence} after {_count}: the filesystem store addresses at most {int.MaxValue} entries, in order.");
        }

        if (_count == _lineStarts.Length)
        {
            Array.Resize(ref _lineStarts, Grow(_lineStarts.Length));
        }

        _lineStarts[_count++] = lineStart;
        if (!_scopes.TryGetValue(scope, out ScopeLines? lines))
        {
            lines = new ScopeLines([], 0);
            _scopes.Add(scope, lines);
        }

        lines.Add((int)sequence);
    }

    /// <summary>Captures the index as it is now, for a reader outside the store's lock.</summary>
    public JournalIndexSnapshot Snapshot(long committedOffset)
    {
        var scopes = new Dictionary<string, ScopeSequences>(_scopes.Count, StringComparer.Ordinal);
        foreach ((string scope, ScopeLines lines) in _scopes)
        {
            scopes.Add(scope, new ScopeSequences(lines.Sequences, lines.Count));
        }

        return new JournalIndexSnapshot(_lineStarts, _count, scopes, committedOffset);
    }

    /// <summary>Grows by half rather than doubling: the index of a million entries is the largest thing a store holds.</summary>
    private static int Grow(int capacity) => (int)Math.Min(Array.MaxLength, Math.Max(16, capacity + ((long)capacity / 2)));

    private sealed class ScopeLines(int[] sequences, int count)
    {
        public int[] Sequences { get; private set; } = sequences;

        public int Count { get; private set; } = count;

        public void Add(int sequence)
        {
            if (Count == Sequences.Length)
            {
                int[] grown = new int[Math.Max(4, Count + (Count / 2))];
                Sequences.AsSpan(0, Count).CopyTo(grown);
                Sequences = grown;
            }

            Sequences[Count++] = sequence;
        }
    }
}

/// <summary>The sequences of one scope's entries, in order: the first <see cref="Count"/> items of <see cref="Sequences"/>.</summary>
internal readonly record struct ScopeSequences(int[] Sequences, int Count);

/// <summary>
/// The index as it was at one moment: the first <see cref="Count"/> line starts, each scope's sequences, and the end of the last
/// indexed line. The arrays may be longer than the counts and are never written below them.
/// </summary>
internal sealed record JournalIndexSnapshot(long[] LineStarts, int Count, IReadOnlyDictionary<string, ScopeSequences> Scopes, long CommittedOffset);
