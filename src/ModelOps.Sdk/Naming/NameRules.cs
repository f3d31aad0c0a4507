using System.Buffers;

namespace ModelOps.Sdk.Naming;

/// <summary>
/// The naming rules for everything that may become part of a path or a key: models, aliases, file names, document kinds and names.
/// </summary>
internal static class NameRules
{
    public const int MaxNameLength = 128;
    public const int MaxAliasLength = 64;
    public const int MaxKeyLength = 256;

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-");

    private static readonly HashSet<string> ReservedDeviceNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    public static void ValidateModelName(string? name) => ValidateName("model", name, MaxNameLength);

    public static void ValidateAlias(string? alias)
    {
        ValidateName("alias", alias, MaxAliasLength);
        if (alias!.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0)
        {
            throw new InvalidModelNameException("alias", alias, "an alias cannot be all digits, which would read as a version number");
        }
    }

    public static void ValidateName(string nameKind, string? name, int maxLength = MaxNameLength)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new InvalidModelNameException(nameKind, name, "it must not be empty");
        }

        if (name.Length > maxLength)
        {
            throw new InvalidModelNameException(nameKind, name, $"it is {name.Length} characters long; the limit is {maxLength}");
        }

        var bad = name.AsSpan().IndexOfAnyExcept(Allowed);
        if (bad >= 0)
        {
            var c = name[bad];
            var what = c switch
            {
                '/' or '\\' => "a path separator",
                _ when char.IsControl(c) => "a control character",
                _ => $"the character '{c}'",
            };
            throw new InvalidModelNameException(nameKind, name, $"it contains {what} at position {bad}; only letters, digits, '.', '_' and '-' are allowed");
        }

        if (!char.IsAsciiLetterOrDigit(name[0]))
        {
            throw new InvalidModelNameException(nameKind, name, "it must start with a letter or a digit");
        }

        if (name.Contains("..", StringComparison.Ordinal))
        {
            throw new InvalidModelNameException(nameKind, name, "it must not contain '..'");
        }

        if (name.EndsWith('.'))
        {
            throw new InvalidModelNameException(nameKind, name, "it must not end with '.'");
        }

        var stem = name.Split('.')[0];
        if (ReservedDeviceNames.Contains(stem))
        {
            throw new InvalidModelNameException(nameKind, name, $"'{stem}' is a reserved device name on Windows");
        }
    }

    /// <summary>Validates a metric, parameter or tag key: free text without control characters.</summary>
    public static void ValidateKey(string? modelName, string field, string? key)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new InvalidRegistrationException(modelName, field, "a key must not be empty");
        }

        if (key.Length > MaxKeyLength)
        {
            throw new InvalidRegistrationException(modelName, $"{field}[\"{key[..32]}...\"]", $"a key is limited to {MaxKeyLength} characters");
        }

        foreach (var c in key)
        {
            if (char.IsControl(c))
            {
                throw new InvalidRegistrationException(modelName, field, $"the key '{key.Replace("\n", "\\n", StringComparison.Ordinal)}' contains a control character");
            }
        }
    }
}
