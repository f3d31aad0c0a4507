namespace ModelOps.Sdk.GarbageCollection;

/// <summary>What a garbage collection deleted, or with a dry run would delete.</summary>
public sealed record ArtifactCollectionResult
{
    /// <summary>Gets a value indicating whether this was a dry run (nothing deleted).</summary>
    public required bool DryRun { get; init; }

    /// <summary>Gets when the collection started (UTC, from the registry's <see cref="TimeProvider"/>).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Gets the grace period: nothing modified after <see cref="StartedAt"/> minus this is collected.</summary>
    public required TimeSpan GracePeriod { get; init; }

    /// <summary>Gets the number of blobs the store holds, as listed.</summary>
    public required int StoredBlobs { get; init; }

    /// <summary>Gets what was deleted (or, in a dry run, would be): blobs and upload leftovers.</summary>
    public required IReadOnlyList<CollectedItem> Collected { get; init; }

    /// <summary>
    /// Gets the unreferenced blobs that were old when listed but were committed again before they could be deleted (a registration
    /// deduplicating onto them), and so were kept.
    /// </summary>
    public IReadOnlyList<string> KeptAsRecommitted { get; init; } = [];

    /// <summary>Gets the bytes freed (or, in a dry run, that would be).</summary>
    public long BytesFreed => Collected.Sum(static c => c.Length);
}
