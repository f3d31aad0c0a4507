namespace ModelOps.Sdk;

/// <summary>Why a <see cref="VersionPurgeCondition"/> keeps a version.</summary>
/// <param name="Rules">The names of the rules that keep it (for retention, names from <c>RetentionRules</c>, such as <c>approved</c>).</param>
/// <param name="Explanation">The same in words, with the figures compared.</param>
public sealed record VersionKeepReason(IReadOnlyList<string> Rules, string Explanation);
