using System.Text.Json;

namespace ModelOps.Sdk.Journal;

/// <summary>
/// The JSON body of a journal entry: who, why, what it concerns, and the values before and after. The fold of these is the registry.
/// </summary>
internal sealed class JournalPayload
{
    public required string Actor { get; init; }

    public IReadOnlyList<string> Roles { get; init; } = [];

    public string? Reason { get; init; }

    public int? Version { get; init; }

    public string? Alias { get; init; }

    public JsonElement? Before { get; init; }

    public JsonElement? After { get; init; }
}
