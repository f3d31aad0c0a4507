using System.Text;
using System.Text.RegularExpressions;

namespace ModelOps.Sdk.Cli.Tests.Pipelines;

/// <summary>
/// Finds the <c>modelops</c> invocations in a shell script the way bash would split them into words: lines continued with a
/// trailing <c>\</c> are joined, quotes are removed, <c>$NAME</c>, <c>${NAME}</c> and <c>${NAME:-default}</c> are expanded from
/// a lookup, and an invocation ends at an unquoted <c>|</c>, <c>;</c>, <c>&amp;</c>, <c>&gt;</c>, <c>)</c> or <c>#</c> comment.
/// CI variables (<c>${{ }}</c>, <c>$(…)</c> macros) are expanded by the caller first, as the CI system does before bash runs.
/// </summary>
internal static partial class ShellCommandLine
{
    /// <summary>Joins lines continued with a trailing backslash, as bash does.</summary>
    public static string JoinContinuations(string script) => Continuation().Replace(script, " ");

    /// <summary>Gets the arguments of every <c>modelops</c> invocation (the words after <c>modelops</c>) in the script.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> ModelOpsInvocations(string script, Func<string, string?> variable)
    {
        var invocations = new List<IReadOnlyList<string>>();
        foreach (string line in JoinContinuations(script).Split('\n'))
        {
            foreach (Match match in Invocation().Matches(line))
            {
                invocations.Add(Words(line, match.Index + match.Length, variable));
            }
        }

        return invocations;
    }

    private static List<string> Words(string line, int start, Func<string, string?> variable)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        int i = start;
        while (i < line.Length)
        {
            char c = line[i];
            if (char.IsWhiteSpace(c))
            {
                Flush();
                i++;
            }
            else if (c is '|' or ';' or '&' or '>' or '<' or ')' || (c == '#' && !inWord))
            {
                break;
            }
            else if (c == '\'')
            {
                int end = line.IndexOf('\'', i + 1);
                Assert.True(end > i, $"Unterminated single quote in: {line}");
                word.Append(line, i + 1, end - i - 1);
                inWord = true;
                i = end + 1;
            }
            else if (c == '"')
            {
                i++;
                while (i < line.Length && line[i] != '"')
                {
                    if (line[i] == '\\' && i + 1 < line.Length && line[i + 1] is '"' or '\\' or '$')
                    {
                        word.Append(line[i + 1]);
                        i += 2;
                    }
                    else if (line[i] == '$')
                    {
                        i = Expand(line, i, word, variable);
                    }
                    else
                    {
                        word.Append(line[i++]);
                    }
                }

                Assert.True(i < line.Length, $"Unterminated double quote in: {line}");
                inWord = true;
                i++;
            }
            else if (c == '$')
            {
                i = Expand(line, i, word, variable);
                inWord = true;
            }
            else if (c == '\\' && i + 1 < line.Length)
            {
                word.Append(line[i + 1]);
                inWord = true;
                i += 2;
            }
            else
            {
                word.Append(c);
                inWord = true;
                i++;
            }
        }

        Flush();
        return words;

        void Flush()
        {
            if (inWord)
            {
                words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
        }
    }

    /// <summary>Expands the parameter at <paramref name="i"/> (a <c>$</c>) and returns the index after it.</summary>
    private static int Expand(string line, int i, StringBuilder word, Func<string, string?> variable)
    {
        var braced = Braced().Match(line, i);
        if (braced.Success && braced.Index == i)
        {
            string? value = variable(braced.Groups["name"].Value);
            word.Append(string.IsNullOrEmpty(value) && braced.Groups["default"].Success ? braced.Groups["default"].Value : value);
            return i + braced.Length;
        }

        var plain = Plain().Match(line, i);
        Assert.True(plain.Success && plain.Index == i, $"A modelops argument uses a shell expansion the check does not follow (command substitution?): {line[i..]}");
        word.Append(variable(plain.Groups["name"].Value));
        return i + plain.Length;
    }

    [GeneratedRegex(@"\\[ \t]*\r?\n[ \t]*")]
    private static partial Regex Continuation();

    [GeneratedRegex(@"(?<![\w-])modelops(?=\s)")]
    private static partial Regex Invocation();

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(:-(?<default>[^}]*))?\}")]
    private static partial Regex Braced();

    [GeneratedRegex(@"\$(?<name>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Plain();
}
