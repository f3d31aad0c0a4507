namespace ModelOps.Sdk.Storage;

/// <summary>Content stored under its hash, as <see cref="ICollectableArtifactStore.ListAsync"/> lists it.</summary>
/// <param name="Sha256">The content's lowercase hexadecimal SHA-256.</param>
/// <param name="Length">The content's length in bytes.</param>
/// <param name="LastModified">When the content was last published or committed again (UTC, by the store's clock).</param>
public sealed record StoredArtifact(string Sha256, long Length, DateTimeOffset LastModified);
