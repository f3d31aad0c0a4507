namespace ModelOps.Sdk;

/// <summary>
/// Thrown when a model, alias, tag, file, kind or document name breaks the naming rules.
/// </summary>
/// <remarks>
/// A name is 1 to 128 characters (aliases 1 to 64) of letters, digits, <c>.</c>, <c>_</c> and <c>-</c>, starts with a letter or digit,
/// and is not <c>..</c>-bearing, a reserved device name (<c>CON</c>, <c>PRN</c>, <c>AUX</c>, <c>NUL</c>, <c>COM1</c>-<c>COM9</c>,
/// <c>LPT1</c>-<c>LPT9</c>, with or without an extension) or, for an alias, all digits (that would read as a version number).
/// So names are safe as file names on every platform: no path separator, no control character.
/// </remarks>
public sealed class InvalidModelNameException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="InvalidModelNameException"/> class.</summary>
    /// <param name="nameKind">What the name is for: <c>model</c>, <c>alias</c>, <c>tag</c>, ...</param>
    /// <param name="name">The rejected name.</param>
    /// <param name="rule">The rule it breaks.</param>
    public InvalidModelNameException(string nameKind, string? name, string rule)
        : base($"Invalid {nameKind} name '{Printable(name)}': {rule}.")
    {
        NameKind = nameKind;
        Name = name;
        Rule = rule;
    }

    /// <summary>Gets what the name is for: <c>model</c>, <c>alias</c>, <c>tag</c>, <c>file</c>, <c>kind</c> or <c>document</c>.</summary>
    public string NameKind { get; }

    /// <summary>Gets the rejected name.</summary>
    public string? Name { get; }

    /// <summary>Gets the rule the name breaks.</summary>
    public string Rule { get; }

    private static string Printable(string? name)
    {
        if (name is null)
        {
            return "(null)";
        }

        var chars = name.Length > 80 ? name[..80] + "..." : name;
        return string.Concat(chars.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
    }
}
