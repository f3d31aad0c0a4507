namespace ModelOps.Sdk;

/// <summary>
/// Thrown when a store cannot be read: it was written in a newer format than this library knows, or it is not a store of this kind
/// (its format marker names another format or is unreadable). A journal corrupt in content is <see cref="JournalCorruptException"/>.
/// </summary>
public sealed class StorageFormatException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="StorageFormatException"/> class.</summary>
    /// <param name="location">Where the store is (a path or a connection description).</param>
    /// <param name="message">What is wrong and what to do.</param>
    /// <param name="innerException">The cause, if any.</param>
    public StorageFormatException(string location, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Location = location;
    }

    /// <summary>Gets where the store is.</summary>
    public string Location { get; }
}
