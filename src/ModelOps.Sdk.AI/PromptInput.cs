namespace ModelOps.Sdk.AI;

/// <summary>
/// The values of a prompt's template variables, by name. Score with it when the variables are not the properties of one of your
/// classes (any class whose public properties are named after the variables works too).
/// </summary>
public sealed class PromptInput
{
    /// <summary>Gets the variables' values, by name (case-sensitive, as written in the template's <c>{{name}}</c>).</summary>
    public IDictionary<string, string> Variables { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
