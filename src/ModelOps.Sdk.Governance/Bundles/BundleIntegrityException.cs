namespace ModelOps.Sdk.Governance.Bundles;

/// <summary>
/// Thrown when a model bundle was altered or is incomplete: an entry whose bytes do not match the manifest, a missing entry, a
/// broken audit chain, or metadata that disagrees with the chain. <see cref="Entry"/> names the entry. Nothing was imported.
/// </summary>
public sealed class BundleIntegrityException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="BundleIntegrityException"/> class.</summary>
    /// <param name="entry">The bundle entry that is wrong (for example <c>blobs/3fa1…</c> or <c>audit/chain.json</c>).</param>
    /// <param name="message">What is wrong with it.</param>
    public BundleIntegrityException(string entry, string message)
        : base($"The bundle was altered or is incomplete: entry '{entry}': {message}. Nothing was imported.")
    {
        Entry = entry;
    }

    /// <summary>Gets the entry that is wrong.</summary>
    public string Entry { get; }
}
