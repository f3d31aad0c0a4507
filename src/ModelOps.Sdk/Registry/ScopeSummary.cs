namespace ModelOps.Sdk.Registry;

/// <summary>
/// A model as the registry-wide index knows it without folding it: its chain head, how many versions, and where its aliases point.
/// A few hundred bytes per model, whatever its history, so listing models never needs every scope folded.
/// </summary>
internal sealed class ScopeSummary(string scope) : ScopeHead(scope)
{
    public int VersionCount { get; set; }

    /// <summary>Current aliases and their versions.</summary>
    public Dictionary<string, int> Aliases { get; } = new(StringComparer.Ordinal);
}
