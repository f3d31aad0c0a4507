using System.Text;
using System.Text.RegularExpressions;

namespace ModelOps.Sdk.AI.Definition;

/// <summary>
/// A message text with <c>{{variable}}</c> placeholders, the syntax of MLflow's prompt registry. Parsed once; rendering
/// concatenates literal parts and values without searching the text again.
/// </summary>
internal sealed partial class PromptTemplate
{
    private readonly string[] _literals;
    private readonly string[] _variables;

    private PromptTemplate(string[] literals, string[] variables)
    {
        _literals = literals;
        _variables = variables;
    }

    /// <summary>The variables, in order, a name appearing once per reference.</summary>
    public IReadOnlyList<string> References => _variables;

    [GeneratedRegex(@"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    /// <summary>Parses a template; a <c>{{</c> that does not open a well-formed placeholder is reported.</summary>
    public static PromptTemplate Parse(string text, out string? problem)
    {
        var literals = new List<string>();
        var variables = new List<string>();
        var position = 0;
        foreach (Match match in Placeholder().Matches(text))
        {
            literals.Add(text[position..match.Index]);
            variables.Add(match.Groups[1].Value);
            position = match.Index + match.Length;
        }

        literals.Add(text[position..]);
        problem = literals.FirstOrDefault(l => l.Contains("{{", StringComparison.Ordinal)) is { } bad
            ? $"'{{{{' at \"{Excerpt(bad)}\" does not open a placeholder; write {{{{name}}}} with a name of letters, digits and _"
            : null;
        return new PromptTemplate([.. literals], [.. variables]);
    }

    /// <summary>Renders the template with a value for every variable.</summary>
    public string Render(IReadOnlyDictionary<string, string> values)
    {
        if (_variables.Length == 0)
        {
            return _literals[0];
        }

        var builder = new StringBuilder(_literals.Sum(l => l.Length) + 64);
        for (var i = 0; i < _variables.Length; i++)
        {
            builder.Append(_literals[i]).Append(values[_variables[i]]);
        }

        return builder.Append(_literals[^1]).ToString();
    }

    private static string Excerpt(string literal)
    {
        var start = literal.IndexOf("{{", StringComparison.Ordinal);
        return literal.Substring(start, Math.Min(20, literal.Length - start));
    }
}
