namespace ModelOps.Sdk.AI.Definition;

/// <summary>One problem found in a prompt artifact or a golden dataset: where (a property path) and what.</summary>
internal sealed record PromptError(string? Part, string Problem);
