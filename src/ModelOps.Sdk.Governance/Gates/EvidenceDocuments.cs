namespace ModelOps.Sdk.Governance.Gates;

/// <summary>Reads the latest document of a kind (and name) attached to a version, verified against its hash.</summary>
internal static class EvidenceDocuments
{
    public static async Task<(ReadOnlyMemory<byte> Content, ModelDocument Document)?> LatestAsync(
        IModelRegistry registry, string model, int version, string kind, string? name, CancellationToken cancellationToken)
    {
        var documents = await registry.ListDocumentsAsync(model, version, kind, cancellationToken).ConfigureAwait(false);
        var latest = documents.Where(d => name is null || string.Equals(d.Name, name, StringComparison.Ordinal)).MaxBy(d => d.Sequence);
        if (latest is null)
        {
            return null;
        }

        return (await registry.ReadDocumentAsync(latest, cancellationToken).ConfigureAwait(false), latest);
    }

    /// <summary>Deserializes a governance document of this package with its source-generated serializer.</summary>
    public static T Read<T>(ReadOnlyMemory<byte> content, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string what)
    {
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize(content.Span, type) ?? throw new StorageFormatException(what, "the document is empty");
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new StorageFormatException(what, $"it is not JSON: {ex.Message}", ex);
        }
    }
}
