namespace ModelOps.Sdk.Explanations;

/// <summary>
/// One reason for a decision in human terms: a <see cref="ReasonCodeEntry"/> of the version's <see cref="ReasonCodeTable"/> that a
/// contribution or a fired rule of the decision matched.
/// </summary>
/// <param name="Code">The entry's code, for example <c>R01</c>.</param>
/// <param name="Text">The entry's text, for example <c>Debt-to-income ratio too high</c>.</param>
/// <param name="Feature">The feature whose contribution matched, or <see langword="null"/> for a fired rule.</param>
/// <param name="RuleId">The fired rule that matched, or <see langword="null"/> for a contribution.</param>
/// <param name="Contribution">The matched contribution (0 for a fired rule).</param>
public sealed record ReasonCode(string Code, string Text, string? Feature, string? RuleId, double Contribution);
