namespace ModelOps.Sdk.GarbageCollection;

/// <summary>A blob or an upload leftover that a garbage collection deleted, or would delete.</summary>
/// <param name="Name">The blob's SHA-256, or the store's name for an upload leftover.</param>
/// <param name="Length">Its length in bytes (0 for an unfinished multipart upload, whose size the store does not report).</param>
/// <param name="LastModified">When it was last published, committed or written (UTC, by the store's clock).</param>
/// <param name="Reason">Why nothing needs it.</param>
/// <param name="Explanation">The reason in words: the purged versions and documents that referenced it, or what the leftover is.</param>
public sealed record CollectedItem(string Name, long Length, DateTimeOffset LastModified, CollectionReason Reason, string Explanation);
