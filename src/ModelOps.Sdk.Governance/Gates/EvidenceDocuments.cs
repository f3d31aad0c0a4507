using System.Text.Json;

namespace ModelOps.Sdk.Governance.Gates;

/// <summary>Reads the latest JSON evidence document of a kind (and name) attached to a version, verified against its hash.</summary>
internal static class EvidenceDocuments
{
    public static async Task<(JsonDocument Json, ModelDocument Document)?> LatestAsync(
        IModelRegistry registry, string model, int version, string kind, string? name, CancellationToken cancellationToken)
    {
        var documents = await registry.ListDocumentsAsync(model, version, kind, cancellationToken).ConfigureAwait(false);
        var latest = documents.Where(d => name is null || string.Equals(d.Name, name, StringComparison.Ordinal)).MaxBy(d => d.Sequence);
        if (latest is null)
        {
            return null;
        }

        var content = await registry.ReadDocumentAsync(latest, cancellationToken).ConfigureAwait(false);
        try
        {
            return (JsonDocument.Parse(content), latest);
        }
        catch (JsonException ex)
        {
            throw new StorageFormatException($"{kind} document '{latest.Name}' of model '{model}' version {version}", $"it is not JSON: {ex.Message}", ex);
        }
    }

    /// <summary>Reads a number at a camelCase property path, or <see langword="null"/> when any step is missing or not a number.</summary>
    public static double? Number(JsonElement element, params string[] path)
    {
        foreach (var step in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(step, out element))
            {
                return null;
            }
        }

        return element.ValueKind == JsonValueKind.Number ? element.GetDouble() : null;
    }

    /// <summary>Reads a Boolean at a camelCase property path, or <see langword="null"/>.</summary>
    public static bool? Boolean(JsonElement element, params string[] path)
    {
        foreach (var step in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(step, out element))
            {
                return null;
            }
        }

        return element.ValueKind is JsonValueKind.True or JsonValueKind.False ? element.GetBoolean() : null;
    }
}
