using System.Text.Json;

namespace ModelOps.Sdk.Explanations;

/// <summary>One rule of a rule set that matched the input of a decision.</summary>
/// <param name="RuleId">The rule's id.</param>
/// <param name="Outputs">The rule's outputs, by output name, as JSON values.</param>
/// <param name="Annotation">The rule's <c>description</c>, or <see langword="null"/> when it has none.</param>
public sealed record FiredRule(string RuleId, IReadOnlyDictionary<string, JsonElement> Outputs, string? Annotation);
