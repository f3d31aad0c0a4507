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

    /// <summary>
    /// Set by a registry without governance (no <see cref="Security.IStoredPolicyEnforcer"/>) on each write to a chain a stored
    /// policy governs; absent otherwise.
    /// </summary>
    public bool? Ungoverned { get; init; }

    /// <summary>Reads a payload, or returns <see langword="null"/> when it is not one (verification reports damaged entries itself).</summary>
    public static JournalPayload? TryRead(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, ModelOpsJsonContext.Default.JournalPayload);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A copy marked <see cref="Ungoverned"/>.</summary>
    public JournalPayload MarkUngoverned() => new()
    {
        Actor = Actor,
        Roles = Roles,
        Reason = Reason,
        Version = Version,
        Alias = Alias,
        Before = Before,
        After = After,
        Ungoverned = true,
    };
}
