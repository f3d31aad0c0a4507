using System.Text.Json;

namespace ModelOps.Sdk.Storage.FileSystem;

/// <summary>
/// What a scan of many journal lines reuses from line to line so that reading their headers allocates nothing
/// (<see cref="JournalLineFormat.TryParseHeader"/>): a character buffer that every text value is checked in, and one string per
/// scope name.
/// </summary>
/// <remarks>Not thread-safe: one scan at a time.</remarks>
internal sealed class JournalLineHeaders
{
    private readonly HashSet<string> _scopes;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _scopesBySpan;
    private char[] _chars = new char[1024];

    public JournalLineHeaders()
    {
        _scopes = new HashSet<string>(StringComparer.Ordinal);
        _scopesBySpan = _scopes.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>
    /// Copies the reader's current string value into the buffer, unescaped and transcoded exactly as
    /// <see cref="Utf8JsonReader.GetString"/> would, and returns it; valid until the next copy.
    /// </summary>
    /// <exception cref="InvalidOperationException">The value is not a string, or its text is not valid UTF-8 or UTF-16.</exception>
    public ReadOnlySpan<char> Copy(ref Utf8JsonReader reader)
    {
        // A string's UTF-16 length never exceeds the length of its UTF-8 bytes, escaped or not.
        int needed = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        if (needed > _chars.Length)
        {
            _chars = new char[Math.Max(needed, _chars.Length * 2)];
        }

        return _chars.AsSpan(0, reader.CopyString(_chars));
    }

    /// <summary>The one string this scan uses for the scope named <paramref name="name"/>.</summary>
    public string ScopeName(ReadOnlySpan<char> name)
    {
        if (!_scopesBySpan.TryGetValue(name, out string? scope))
        {
            scope = new string(name);
            _scopes.Add(scope);
        }

        return scope;
    }
}
