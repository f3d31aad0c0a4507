using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Storage.FileSystem;

namespace ModelOps.Sdk.Tests.Storage.FileSystem;

/// <summary>
/// The store's scan of the journal reads line headers without keeping their text (<see cref="JournalLineFormat.TryParseHeader"/>);
/// reading an entry parses it whole (<see cref="JournalLineFormat.TryParse"/>). The two must agree on every line, damaged or not:
/// otherwise a scan would index a line that no read can return, or call a readable line corrupt.
/// </summary>
public sealed class JournalLineHeaderPropertyTests
{
    // Bytes that change a line's meaning: JSON structure, escapes, digits, the start of a literal, invalid and truncated UTF-8.
    private static readonly byte[] Interesting = "\"\\{}[],:0-9nutefE. \t"u8.ToArray().Concat(new byte[] { 0xFF, 0xC3, 0xE2, 0x80, 0x00, 0x1F }).ToArray();

    // Whole values that are valid JSON of the wrong kind or invalid text: a lone surrogate escape, a bad escape, nested values.
    private static readonly string[] Values =
    [
        "null", "1", "-1", "1.5", "true", "{}", "[]", "[1,{\"a\":2}]", "\"\"", "\"x\"", "\"\\ud800\"", "\"\\udc00x\"", "\"\\ud83d\\ude00\"",
        "\"\\q\"", "\"2026-13-01T00:00:00.0000000+00:00\"", "\"2026-01-01T00:00:00.0000000+00:00\"", "\"caf\u00e9\"", "99999999999999999999",
    ];

    private static readonly string[] Properties =
        ["sequence", "scope", "index", "timestamp", "kind", "payload", "previousHash", "hash", "signature", "keyId", "more", "other"];

    /// <summary>Any line, written by the store and then damaged in one of many ways, gets the same verdict, header and error from both parses.</summary>
    [Property(MaxTest = 3000)]
    public void TryParseHeader_AnyDamagedLine_AgreesWithTryParse(byte scopeChoice, bool withSignature, NonNegativeInt where, byte what, byte how)
    {
        string scope = (scopeChoice % 4) switch { 0 => "m", 1 => "caf\u00e9 \"quoted\"", 2 => "\ud83d\ude00-model", _ => "a\\b\nc" };
        JournalEntry entry = TestEntries.Create(scope, scopeChoice % 7, payload: "{\"note\":\"tab\\there \u00fc\",\"n\":[1,2]}") with
        {
            Sequence = 1 + (scopeChoice % 5),
            Signature = withSignature ? "c2lnbmF0dXJl" : null,
            KeyId = withSignature ? "key-1" : null,
        };
        byte[] written = JournalLineFormat.Write([entry]);
        byte[] line = Damage(written.AsSpan(0, written.Length - 1).ToArray(), where.Get, what, how);

        AssertAgree(line);
    }

    /// <summary>An undamaged line of every kind parses to the same header by both, with one string per scope name.</summary>
    [Property(MaxTest = 200)]
    public void TryParseHeader_WrittenLines_ReturnTheirSequenceScopeAndMore(NonEmptyArray<string> scopes)
    {
        JournalEntry[] entries = [.. scopes.Get.Where(s => s is not null && !s.Any(char.IsSurrogate)).Select((s, i) => TestEntries.Create(s.Length == 0 ? "s" : s, i) with { Sequence = i + 1 })];
        byte[] bytes = JournalLineFormat.Write(entries);
        var headers = new JournalLineHeaders();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        int start = 0;
        foreach (JournalEntry expected in entries)
        {
            int end = Array.IndexOf(bytes, (byte)'\n', start);
            Assert.True(JournalLineFormat.TryParseHeader(bytes.AsSpan(start, end - start), headers, out long sequence, out string? scope, out long more, out string? error), error);
            Assert.Equal(expected.Sequence, sequence);
            Assert.Equal(expected.Scope, scope);
            Assert.Equal(entries.Length - 1 - Array.IndexOf(entries, expected), more);
            Assert.Same(seen.TryAdd(scope!, scope!) ? scope : seen[scope!], scope);
            start = end + 1;
        }
    }

    [Theory]
    [InlineData("payload", "\"\\ud800\"")] // a lone surrogate: valid JSON, not text a string can hold unchanged
    [InlineData("kind", "1")]
    [InlineData("hash", "{}")]
    [InlineData("timestamp", "\"2026-01-01\"")]
    [InlineData("scope", "null")]
    public void TryParseHeader_FieldOfAnEntryInvalid_RefusesWithTryParsesError(string property, string value)
    {
        byte[] written = JournalLineFormat.Write([TestEntries.Create("m", 0) with { Sequence = 1 }]);
        byte[] line = Encoding.UTF8.GetBytes(ReplaceValue(Encoding.UTF8.GetString(written.AsSpan(0, written.Length - 1)), property, value));

        Assert.False(JournalLineFormat.TryParse(line, out _, out _, out string? expected));
        Assert.False(JournalLineFormat.TryParseHeader(line, new JournalLineHeaders(), out _, out _, out _, out string? error));
        Assert.Equal(expected, error);
    }

    private static void AssertAgree(byte[] line)
    {
        bool full = JournalLineFormat.TryParse(line, out JournalEntry? entry, out long fullMore, out string? fullError);
        bool header = JournalLineFormat.TryParseHeader(line, new JournalLineHeaders(), out long sequence, out string? scope, out long more, out string? error);

        Assert.Equal(full, header);
        Assert.Equal(fullError, error);
        if (full)
        {
            Assert.Equal(entry!.Sequence, sequence);
            Assert.Equal(entry.Scope, scope);
            Assert.Equal(fullMore, more);
        }
    }

    private static byte[] Damage(byte[] line, int where, byte what, byte how)
    {
        int at = where % (line.Length + 1);
        var text = new List<byte>(line);
        switch (how % 6)
        {
            case 0: // overwrite one byte
                if (at < text.Count)
                {
                    text[at] = Interesting[what % Interesting.Length];
                }

                break;
            case 1: // insert one byte
                text.Insert(at, Interesting[what % Interesting.Length]);
                break;
            case 2: // cut a stretch out
                text.RemoveRange(at, Math.Min(what % 16, text.Count - at));
                break;
            case 3: // end the line early
                text.RemoveRange(at, text.Count - at);
                break;
            case 4: // give a property another value
                return Encoding.UTF8.GetBytes(ReplaceValue(Encoding.UTF8.GetString(line), Properties[at % Properties.Length], Values[what % Values.Length]));
            default: // repeat a property with another value after it, or add an unknown one
                string json = Encoding.UTF8.GetString(line);
                return Encoding.UTF8.GetBytes(json[..^1] + $",\"{Properties[at % Properties.Length]}\":{Values[what % Values.Length]}}}");
        }

        return [.. text];
    }

    /// <summary>Replaces the value of a top-level property of a line written by the store (whose values are strings or numbers).</summary>
    private static string ReplaceValue(string json, string property, string value)
    {
        int key = json.IndexOf($"\"{property}\":", StringComparison.Ordinal);
        if (key < 0)
        {
            return json[..^1] + $",\"{property}\":{value}}}";
        }

        int start = key + property.Length + 3;
        int end = start;
        if (json[start] == '"')
        {
            end++;
            while (json[end] != '"')
            {
                end += json[end] == '\\' ? 2 : 1;
            }

            end++;
        }
        else
        {
            while (json[end] is not (',' or '}'))
            {
                end++;
            }
        }

        return json[..start] + value + json[end..];
    }
}
