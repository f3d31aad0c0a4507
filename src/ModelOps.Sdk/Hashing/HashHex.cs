namespace ModelOps.Sdk.Hashing;

/// <summary>Lowercase hexadecimal helpers for SHA-256 values.</summary>
internal static class HashHex
{
    public const string ZeroHash = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string ToHex(ReadOnlySpan<byte> hash) => Convert.ToHexStringLower(hash);

    public static bool IsSha256Hex(string? value)
    {
        if (value is null || value.Length != 64)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }
}
