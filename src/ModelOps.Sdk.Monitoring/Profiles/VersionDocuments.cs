namespace ModelOps.Sdk.Monitoring.Profiles;

/// <summary>The one way monitoring stores a JSON document with a model version and reads its latest revision back.</summary>
internal static class VersionDocuments
{
    public static Task<ModelDocument> SaveAsync(IModelRegistry registry, string modelName, int version, string kind, string name, byte[] json, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.AttachDocumentAsync(
            new DocumentAttachment
            {
                ModelName = modelName,
                Version = version,
                Kind = kind,
                Name = name,
                MediaType = "application/json",
                Content = json,
                Reason = reason,
            },
            cancellationToken);
    }

    /// <summary>The latest revision's verified bytes, or <see langword="null"/> when the version has no document of that kind and name.</summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadLatestAsync(IModelRegistry registry, string modelName, int version, string kind, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var documents = await registry.ListDocumentsAsync(modelName, version, kind, cancellationToken).ConfigureAwait(false);
        var latest = documents.Where(d => string.Equals(d.Name, name, StringComparison.Ordinal)).MaxBy(d => d.Revision);
        if (latest is null)
        {
            return null;
        }

        return await registry.ReadDocumentAsync(latest, cancellationToken).ConfigureAwait(false);
    }
}
