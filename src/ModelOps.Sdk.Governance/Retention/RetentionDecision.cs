namespace ModelOps.Sdk.Governance.Retention;

/// <summary>What a retention plan does with one version or one document revision, and why.</summary>
/// <param name="ModelName">The model.</param>
/// <param name="Version">The version: the one decided on, or the one the document belongs to; <see langword="null"/> for a model-level document.</param>
/// <param name="Document">The document revision decided on, or <see langword="null"/> when the decision is about the version.</param>
/// <param name="Action">Keep or purge.</param>
/// <param name="Rules">The rules that keep it (<see cref="RetentionAction.Keep"/>) or make it go (<see cref="RetentionAction.Purge"/>): names from <see cref="RetentionRules"/>.</param>
/// <param name="Explanation">The same in words, with the figures compared (for example <c>not among the last 10 versions (latest is 25); registered 200 days ago (minimum age 30 days)</c>).</param>
public sealed record RetentionDecision(
    string ModelName,
    int? Version,
    ModelDocument? Document,
    RetentionAction Action,
    IReadOnlyList<string> Rules,
    string Explanation)
{
    /// <summary>Gets what the decision is about, for people: <c>credit v3</c> or <c>credit v3 monitoring-report/daily r12</c>.</summary>
    public string Subject => Document is { } d
        ? $"{ModelName}{(Version is { } v ? $" v{v}" : string.Empty)} {d.Kind}/{d.Name} r{d.Revision}"
        : $"{ModelName} v{Version}";
}
