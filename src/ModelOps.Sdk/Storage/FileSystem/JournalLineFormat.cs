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
    public static bool TryParse(ReadOnlySpan<byte> line, out JournalEntry? entry, out long more, out string? error) =>
        TryParseCore(line, headers: null, out entry, out _, out _, out more, out error);

    /// <summary>
    /// Parses one line (without its <c>'\n'</c>) with the same checks and the same errors as <see cref="TryParse"/>, but keeps only
    /// where it belongs in the journal: its sequence, its scope and how many lines of its append follow. Text is checked in
    /// <paramref name="headers"/>' buffer instead of being kept as strings, so a line of a known scope allocates nothing.
    /// </summary>
    /// <param name="line">The line's bytes.</param>
    /// <param name="headers">The buffer and scope names reused from line to line.</param>
    /// <param name="sequence">The entry's sequence.</param>
    /// <param name="scope">The entry's scope, the same string for every line of that scope.</param>
    /// <param name="more">How many entries of the same append follow.</param>
    /// <param name="error">Why the line could not be parsed.</param>
    /// <returns><see langword="true"/> if the line is a complete entry, exactly when <see cref="TryParse"/> says so.</returns>
    public static bool TryParseHeader(ReadOnlySpan<byte> line, JournalLineHeaders headers, out long sequence, out string? scope, out long more, out string? error) =>
        TryParseCore(line, headers, out _, out sequence, out scope, out more, out error);

    /// <summary>
    /// Both parses in one: with <paramref name="headers"/> <see langword="null"/>, text is kept as strings and the entry built; with
    /// it, text is copied into its buffer (which checks it exactly as <see cref="Utf8JsonReader.GetString"/> does) and only the header
    /// kept. Everything else, the order of the checks and every error, is shared, so the two cannot disagree about a line.
    /// </summary>
    private static bool TryParseCore(
        ReadOnlySpan<byte> line, JournalLineHeaders? headers, out JournalEntry? entry, out long sequence, out string? scope, out long more, out string? error)
    {
        entry = null;
        sequence = 0;
        scope = null;
        more = -1;
        long? sequenceValue = null, index = null;
        string? kind = null, payload = null, previousHash = null, hash = null, signature = null, keyId = null, timestampText = null;
        bool hasScope = false, hasTimestamp = false, hasKind = false, hasPayload = false, hasPreviousHash = false, hasHash = false;
        DateTimeOffset timestamp = default;
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
                    sequenceValue = ReadInt64(ref reader);
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
                    hasScope = ReadText(ref reader, headers, out scope, out ReadOnlySpan<char> text);
                    if (hasScope && headers is not null)
                    {
                        scope = headers.ScopeName(text);
                    }
                }
                else if (reader.ValueTextEquals("timestamp"u8))
                {
                    // Parsed where it is read, since the buffer is reused; a failure is reported after the check for missing fields.
                    hasTimestamp = ReadText(ref reader, headers, out timestampText, out ReadOnlySpan<char> text);
                    if (hasTimestamp && DateTimeOffset.TryParseExact(text, "o", CultureInfo.InvariantCulture, DateTimeStyles.None, out timestamp))
                    {
                        timestampText = null;
                    }
                    else if (hasTimestamp)
                    {
                        timestampText ??= new string(text);
                    }
                }
                else if (reader.ValueTextEquals("kind"u8))
                {
                    hasKind = ReadText(ref reader, headers, out kind, out _);
                }
                else if (reader.ValueTextEquals("payload"u8))
                {
                    hasPayload = ReadText(ref reader, headers, out payload, out _);
                }
                else if (reader.ValueTextEquals("previousHash"u8))
                {
                    hasPreviousHash = ReadText(ref reader, headers, out previousHash, out _);
                }
                else if (reader.ValueTextEquals("hash"u8))
                {
                    hasHash = ReadText(ref reader, headers, out hash, out _);
                }
                else if (reader.ValueTextEquals("signature"u8))
                {
                    ReadText(ref reader, headers, out signature, out _);
                }
                else if (reader.ValueTextEquals("keyId"u8))
                {
                    ReadText(ref reader, headers, out keyId, out _);
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

        string? missing = sequenceValue is null ? "sequence"
            : !hasScope ? "scope"
            : index is null ? "index"
            : !hasTimestamp ? "timestamp"
            : !hasKind ? "kind"
            : !hasPayload ? "payload"
            : !hasPreviousHash ? "previousHash"
            : !hasHash ? "hash"
            : more < 0 ? "more"
            : null;
        if (missing is not null)
        {
            error = $"its \"{missing}\" is missing or invalid";
            return false;
        }

        if (timestampText is not null)
        {
            error = $"its timestamp '{timestampText}' is not in the ISO 8601 round-trip format";
            return false;
        }

        sequence = sequenceValue!.Value;
        if (headers is null)
        {
            entry = new JournalEntry
            {
                Sequence = sequence,
                Scope = scope!,
                Index = index!.Value,
                Timestamp = timestamp,
                Kind = kind!,
                Payload = payload!,
                PreviousHash = previousHash!,
                Hash = hash!,
                Signature = signature,
                KeyId = keyId,
            };
        }

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

    /// <summary>
    /// Reads a text property's value: kept as a string when <paramref name="headers"/> is <see langword="null"/>, else copied into
    /// its buffer. Either way <paramref name="text"/> holds the characters until the next read.
    /// </summary>
    /// <returns>Whether the value is a string (not null, an object or an array).</returns>
    /// <exception cref="InvalidOperationException">The value is not a string, or its text is not valid UTF-8 or UTF-16.</exception>
    private static bool ReadText(ref Utf8JsonReader reader, JournalLineHeaders? headers, out string? value, out ReadOnlySpan<char> text)
    {
        value = null;
        text = default;
        if (!ReadScalar(ref reader) || reader.TokenType == JsonTokenType.Null)
        {
            return false;
        }

        if (headers is null)
        {
            value = reader.GetString()!;
            text = value;
        }
        else
        {
            text = headers.Copy(ref reader);
        }

        return true;
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
