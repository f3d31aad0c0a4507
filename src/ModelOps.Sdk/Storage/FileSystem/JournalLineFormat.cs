using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ModelOps.Sdk.Storage.FileSystem;

/// <summary>
/// How a <see cref="JournalEntry"/> is written as one line of <c>journal.jsonl</c>, and read back with every field identical.
/// </summary>
/// <remarks>
/// <para>
/// A line is a JSON object ending in <c>'\n'</c>: <c>sequence</c>, <c>scope</c>, <c>index</c>, <c>timestamp</c> (ISO 8601 round-trip
/// format, which keeps the ticks and the offset), <c>kind</c>, <c>payload</c> (the JSON document as a string, so its bytes are kept
/// exactly), <c>previousHash</c>, <c>hash</c>, optionally <c>signature</c> and <c>keyId</c>, and <c>more</c>: how many entries of the
/// same append follow on the next lines. An append is committed only when its line with <c>"more":0</c> is complete, so an append of
/// several entries becomes visible whole or not at all, even if the writer is killed between lines.
/// </para>
/// <para>
/// JSON string escaping keeps every newline inside a value, so <c>'\n'</c> only ever ends a line; and because UTF-8 never uses the byte
/// 0x0A inside a multi-byte character, lines can be split on bytes. Unknown properties are ignored, for forward compatibility within a
/// format version.
/// </para>
/// </remarks>
internal static class JournalLineFormat
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Not embedded in HTML: keep non-ASCII text readable. Quotes, backslashes and control characters are still escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        MaxDepth = 4,
    };

    /// <summary>Checks that an entry can be stored exactly: required text present and every string well-formed UTF-16.</summary>
    /// <exception cref="ArgumentException">A field is missing, or holds an unpaired surrogate (which JSON cannot carry unchanged).</exception>
    public static void ThrowIfNotStorable(JournalEntry entry, string parameterName)
    {
        CheckText(entry.Scope, nameof(JournalEntry.Scope), required: true, parameterName);
        CheckText(entry.Kind, nameof(JournalEntry.Kind), required: true, parameterName);
        CheckText(entry.Payload, nameof(JournalEntry.Payload), required: true, parameterName);
        CheckText(entry.PreviousHash, nameof(JournalEntry.PreviousHash), required: true, parameterName);
        CheckText(entry.Hash, nameof(JournalEntry.Hash), required: true, parameterName);
        CheckText(entry.Signature, nameof(JournalEntry.Signature), required: false, parameterName);
        CheckText(entry.KeyId, nameof(JournalEntry.KeyId), required: false, parameterName);
    }

    /// <summary>Writes the lines of one append.</summary>
    public static byte[] Write(IReadOnlyList<JournalEntry> entries)
    {
        var buffer = new ArrayBufferWriter<byte>(256 * entries.Count);
        using var writer = new Utf8JsonWriter(buffer, WriterOptions);
        for (int i = 0; i < entries.Count; i++)
        {
            JournalEntry entry = entries[i];
            writer.WriteStartObject();
            writer.WriteNumber("sequence"u8, entry.Sequence);
            writer.WriteString("scope"u8, entry.Scope);
            writer.WriteNumber("index"u8, entry.Index);
            writer.WriteString("timestamp"u8, entry.Timestamp.ToString("o", CultureInfo.InvariantCulture));
            writer.WriteString("kind"u8, entry.Kind);
            writer.WriteString("payload"u8, entry.Payload);
            writer.WriteString("previousHash"u8, entry.PreviousHash);
            writer.WriteString("hash"u8, entry.Hash);
            if (entry.Signature is not null)
            {
                writer.WriteString("signature"u8, entry.Signature);
            }

            if (entry.KeyId is not null)
            {
                writer.WriteString("keyId"u8, entry.KeyId);
            }

            writer.WriteNumber("more"u8, entries.Count - 1 - i);
            writer.WriteEndObject();
            writer.Flush();
            buffer.Write("\n"u8);
            writer.Reset();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Parses one line (without its <c>'\n'</c>).</summary>
    /// <param name="line">The line's bytes.</param>
    /// <param name="entry">The entry.</param>
    /// <param name="more">How many entries of the same append follow.</param>
    /// <param name="error">Why the line could not be parsed.</param>
    /// <returns><see langword="true"/> if the line is a complete entry.</returns>
    public static bool TryParse(ReadOnlySpan<byte> line, out JournalEntry? entry, out long more, out string? error)
    {
        entry = null;
        more = -1;
        long? sequence = null, index = null;
        string? scope = null, timestamp = null, kind = null, payload = null, previousHash = null, hash = null, signature = null, keyId = null;
        try
        {
            var reader = new Utf8JsonReader(line, ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = "it is not a JSON object";
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("sequence"u8))
                {
                    sequence = ReadInt64(ref reader);
                }
                else if (reader.ValueTextEquals("index"u8))
                {
                    index = ReadInt64(ref reader);
                }
                else if (reader.ValueTextEquals("more"u8))
                {
                    more = ReadInt64(ref reader) ?? -1;
                }
                else if (reader.ValueTextEquals("scope"u8))
                {
                    scope = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("timestamp"u8))
                {
                    timestamp = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("kind"u8))
                {
                    kind = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("payload"u8))
                {
                    payload = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("previousHash"u8))
                {
                    previousHash = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("hash"u8))
                {
                    hash = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("signature"u8))
                {
                    signature = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("keyId"u8))
                {
                    keyId = ReadString(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                error = "it is not a single complete JSON object";
                return false;
            }
        }
        catch (JsonException exception)
        {
            error = exception.Message;
            return false;
        }
        catch (InvalidOperationException exception)
        {
            // A value of the wrong JSON type, for example a number where a string belongs.
            error = exception.Message;
            return false;
        }

        string? missing = sequence is null ? "sequence"
            : scope is null ? "scope"
            : index is null ? "index"
            : timestamp is null ? "timestamp"
            : kind is null ? "kind"
            : payload is null ? "payload"
            : previousHash is null ? "previousHash"
            : hash is null ? "hash"
            : more < 0 ? "more"
            : null;
        if (missing is not null)
        {
            error = $"its \"{missing}\" is missing or invalid";
            return false;
        }

        if (!DateTimeOffset.TryParseExact(timestamp, "o", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset parsedTimestamp))
        {
            error = $"its timestamp '{timestamp}' is not in the ISO 8601 round-trip format";
            return false;
        }

        entry = new JournalEntry
        {
            Sequence = sequence!.Value,
            Scope = scope!,
            Index = index!.Value,
            Timestamp = parsedTimestamp,
            Kind = kind!,
            Payload = payload!,
            PreviousHash = previousHash!,
            Hash = hash!,
            Signature = signature,
            KeyId = keyId,
        };
        error = null;
        return true;
    }

    private static long? ReadInt64(ref Utf8JsonReader reader)
    {
        if (!ReadScalar(ref reader))
        {
            return null;
        }

        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long value) ? value : null;
    }

    private static string? ReadString(ref Utf8JsonReader reader)
    {
        if (!ReadScalar(ref reader))
        {
            return null;
        }

        return reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
    }

    /// <summary>Moves to a property's value; skips it and returns <see langword="false"/> if it is an object or an array.</summary>
    private static bool ReadScalar(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            reader.Skip();
            return false;
        }

        return true;
    }

    private static void CheckText(string? value, string field, bool required, string parameterName)
    {
        if (value is null)
        {
            if (required)
            {
                throw new ArgumentException($"JournalEntry.{field} is null: every entry needs a {field}.", parameterName);
            }

            return;
        }

        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                throw new ArgumentException(
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"JournalEntry.{field} has an unpaired surrogate (U+{(int)c:X4}) at position {i}: it is not valid Unicode text and could not be stored and read back unchanged."),
                    parameterName);
            }
        }
    }
}
