namespace ModelOps.Sdk;

/// <summary>
/// Thrown when a store's committed journal is corrupt in content: a line is missing, reordered, duplicated, altered so that it no
/// longer parses, or holds a sequence that does not follow the line before, or the journal became shorter than what was already
/// read from it. It is an integrity failure, like a broken audit chain: the journal was changed outside ModelOps or damaged on disk,
/// and must be restored from a backup. Nothing was changed by the call that found it.
/// </summary>
/// <remarks>
/// A store written in a newer format than this library reads is <see cref="StorageFormatException"/> instead, and a file the
/// operating system cannot read is an <see cref="IOException"/>.
/// </remarks>
public sealed class JournalCorruptException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="JournalCorruptException"/> class.</summary>
    /// <param name="location">Where the journal is (a path or a connection description).</param>
    /// <param name="line">The line (1-based) at which the corruption was found, or <see langword="null"/> if it concerns the whole file.</param>
    /// <param name="message">What is wrong and what to do.</param>
    public JournalCorruptException(string location, long? line, string message)
        : base(message)
    {
        Location = location;
        Line = line;
    }

    /// <summary>Gets where the journal is.</summary>
    public string Location { get; }

    /// <summary>Gets the line (1-based) at which the corruption was found, or <see langword="null"/> if it concerns the whole file.</summary>
    public long? Line { get; }
}
