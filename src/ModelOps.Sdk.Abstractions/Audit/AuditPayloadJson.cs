using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelOps.Sdk.Audit;

/// <summary>
/// The stored form of a journal entry's payload as <see cref="AuditEntry.FromJournalEntry"/> reads it: who, why, what it concerns,
/// and the values before and after. The registry writes this shape (camel-case names, absent when null).
/// </summary>
internal sealed class AuditPayloadJson
{
    public string? Actor { get; init; }

    public IReadOnlyList<string>? Roles { get; init; }

    public string? Reason { get; init; }

    public int? Version { get; init; }

    public string? Alias { get; init; }

    public JsonElement? Before { get; init; }

    public JsonElement? After { get; init; }

    public bool? Ungoverned { get; init; }
}

/// <summary>The source-generated serializer of <see cref="AuditPayloadJson"/> (no reflection: Abstractions is AOT-compatible).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(AuditPayloadJson))]
internal sealed partial class AuditPayloadJsonContext : JsonSerializerContext;
