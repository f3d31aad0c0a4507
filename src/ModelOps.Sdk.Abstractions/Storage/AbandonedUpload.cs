namespace ModelOps.Sdk.Storage;

/// <summary>
/// What an upload left behind when its process died before committing or disposing it: a temporary file, an unfinished multipart
/// upload, a staging object. It is never referenced by metadata.
/// </summary>
/// <param name="Name">The store's name for it (a file name, an object key and upload id); opaque to callers.</param>
/// <param name="Length">The bytes it holds, or 0 when the store cannot tell (an unfinished multipart upload).</param>
/// <param name="LastModified">When it was last written or started (UTC, by the store's clock).</param>
public sealed record AbandonedUpload(string Name, long Length, DateTimeOffset LastModified);
