namespace ModelOps.Sdk.Explanations;

/// <summary>
/// One row of a <see cref="ReasonCodeTable"/>: the human text for a feature that pushed the explained output one way, or for a rule
/// that fired. Give either <see cref="Feature"/> with <see cref="Direction"/>, or <see cref="RuleId"/>.
/// </summary>
/// <param name="Code">A short stable code, unique in the table (for example <c>R01</c>, or a regulator's code).</param>
/// <param name="Text">The text shown to the applicant or the auditor, for example <c>Debt-to-income ratio too high</c>.</param>
/// <param name="Feature">The feature, as named in the explanation's contributions (an input field, or an ML.NET feature slot).</param>
/// <param name="Direction">The direction of the contribution this text explains; required with <see cref="Feature"/>.</param>
/// <param name="RuleId">The rule whose firing this text explains (the <c>rules</c> flavor), instead of a feature.</param>
public sealed record ReasonCodeEntry(
    string Code,
    string Text,
    string? Feature = null,
    ContributionDirection? Direction = null,
    string? RuleId = null);
