using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelOps.Sdk.Explanations;
using ModelOps.Sdk.Predictions;

namespace ModelOps.Sdk.Routing.PredictionLog;

/// <summary>
/// Reads a directory of JSON-lines prediction logs (as <see cref="JsonLinesPredictionLogSink"/> writes them) without writing,
/// rolling or deleting anything: for tools and processes that replay or audit decisions logged by others. Thread-safe.
/// </summary>
/// <remarks>
/// <see cref="FindAsync"/> scans the directory's <c>*.jsonl</c> files (every prefix, newest file name first) line by line with a
/// buffer the size of the longest line, comparing each line's start with the id before parsing it: its cost grows with the size of
/// the log, its memory does not. Lines cut short by a crash, and properties this version does not know, are skipped.
/// </remarks>
public sealed class JsonLinesPredictionLogReader
{
    internal const string Extension = ".jsonl";
    internal const string RetentionMarkerSuffix = "-retention.json";
    private const int ReadBufferBytes = 64 * 1024;

    /// <summary>Initializes a new instance of the <see cref="JsonLinesPredictionLogReader"/> class.</summary>
    /// <param name="directory">The log's directory.</param>
    /// <exception cref="ArgumentException">The directory is empty.</exception>
    public JsonLinesPredictionLogReader(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
    }

    /// <summary>Gets the directory read (full path).</summary>
    public string Directory { get; }

    /// <summary>Finds a logged prediction by its id.</summary>
    /// <param name="id">The prediction's id.</param>
    /// <param name="cancellationToken">A token to cancel the search.</param>
    /// <returns>The logged prediction, or <see langword="null"/> if no file of the directory holds it (or the directory does not exist).</returns>
    /// <exception cref="ArgumentException">The id is empty.</exception>
    /// <exception cref="IOException">A log file could not be read.</exception>
    public async ValueTask<LoggedPrediction?> FindAsync(PredictionId id, CancellationToken cancellationToken = default)
    {
        if (id.ModelName is null)
        {
            throw new ArgumentException("The prediction id is empty.", nameof(id));
        }

        if (!System.IO.Directory.Exists(Directory))
        {
            return null;
        }

        var prefix = LinePrefix(id.ToString());
        var files = System.IO.Directory.EnumerateFiles(Directory, "*" + Extension).Order(StringComparer.Ordinal).Reverse();
        // One buffer per lookup, grown only for a line longer than it; a lookup reads whole files, so the allocation is noise.
        var buffer = new byte[ReadBufferBytes];
        foreach (var path in files)
        {
            var (found, grown) = await ScanAsync(path, prefix, buffer, cancellationToken).ConfigureAwait(false);
            buffer = grown;
            if (found is not null)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>
    /// Gets the newest UTC day whose log file retention has deleted, over every writer of the directory, or
    /// <see langword="null"/> when retention has deleted none: a prediction made on or before that day that the log no longer
    /// holds was removed by retention.
    /// </summary>
    /// <returns>The day, or <see langword="null"/>.</returns>
    public DateOnly? ReadRemovedThrough()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return null;
        }

        DateOnly? newest = null;
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*" + RetentionMarkerSuffix))
        {
            if (ReadMarker(path) is { } day && (newest is null || day > newest))
            {
                newest = day;
            }
        }

        return newest;
    }

    /// <summary>The day a writer's retention marker records, or <see langword="null"/> when it is missing or unreadable.</summary>
    internal static DateOnly? ReadMarker(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) is JsonObject marker
                && marker["removedThrough"] is JsonValue value && value.TryGetValue<string>(out var text)
                && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                ? day
                : null;
        }
        catch (Exception exception) when (exception is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The bytes every line of this id starts with: the id is the first property, written exactly as the writer writes it.</summary>
    private static byte[] LinePrefix(string id)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("id", id);
        }

        return [.. buffer.WrittenSpan, (byte)','];
    }

    private static LoggedPrediction? Parse(ReadOnlySpan<byte> line)
    {
        try
        {
            // A line cut short by a crash, or edited by hand, is not a record.
            if (JsonNode.Parse(line) is not JsonObject node
                || node["id"] is not JsonValue id || !id.TryGetValue<string>(out var idText) || !PredictionId.TryParse(idText, out var parsed)
                || node["time"] is not JsonValue time || !time.TryGetValue<DateTimeOffset>(out var timestamp))
            {
                return null;
            }

            var predicted = node["predicted"] is JsonValue value && value.TryGetValue<double>(out var number) ? number : (double?)null;
            var redacted = node["redacted"] is JsonArray paths
                ? paths.OfType<JsonValue>().Select(static p => p.TryGetValue<string>(out var path) ? path : null).OfType<string>().ToList()
                : [];
            var (explanation, unavailable) = ReadExplanation(node);
            return new LoggedPrediction(parsed, timestamp, predicted, node["input"] as JsonObject ?? [])
            {
                Output = node["output"],
                RedactedFields = redacted,
                Explanation = explanation,
                ExplanationUnavailable = unavailable,
                Record = node,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The logged explanation, typed (a line written before explanations were logged has none); one this library cannot read (a
    /// newer schema) leaves the record readable and says why the explanation is missing.
    /// </summary>
    private static (DecisionExplanation? Explanation, string? Unavailable) ReadExplanation(JsonObject node)
    {
        var unavailable = node["explanationUnavailable"] is JsonValue reason && reason.TryGetValue<string>(out var text) ? text : null;
        if (node["explanation"] is not JsonObject logged)
        {
            return (null, unavailable);
        }

        try
        {
            return (ExplanationJson.ReadDecisionExplanation(System.Text.Encoding.UTF8.GetBytes(logged.ToJsonString())), unavailable);
        }
        catch (StorageFormatException ex)
        {
            return (null, "the logged explanation could not be read: " + ex.Message);
        }
    }

    /// <summary>Reads one file line by line; returns the record whose line starts with the prefix, and the (possibly grown) buffer.</summary>
    private static async Task<(LoggedPrediction? Found, byte[] Buffer)> ScanAsync(string path, byte[] prefix, byte[] buffer, CancellationToken cancellationToken)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            // Deleted by retention while we listed the directory.
            return (null, buffer);
        }

        await using (stream.ConfigureAwait(false))
        {
            var start = 0;
            var end = 0;
            while (true)
            {
                if (end == buffer.Length)
                {
                    if (start > 0)
                    {
                        // Move the partial line to the front; grow only when one line fills the whole buffer.
                        buffer.AsSpan(start, end - start).CopyTo(buffer);
                        end -= start;
                        start = 0;
                    }
                    else
                    {
                        Array.Resize(ref buffer, buffer.Length * 2);
                    }
                }

                var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
                end += read;
                var lineEnd = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
                while (lineEnd >= 0)
                {
                    var line = buffer.AsSpan(start, lineEnd);
                    if (line.StartsWith(prefix) && Parse(line) is { } found)
                    {
                        return (found, buffer);
                    }

                    start += lineEnd + 1;
                    lineEnd = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
                }

                if (read == 0)
                {
                    // The last line has no newline (the writer is between its write and its newline, or crashed): try it whole.
                    var rest = buffer.AsSpan(start, end - start);
                    return (rest.StartsWith(prefix) ? Parse(rest) : null, buffer);
                }
            }
        }
    }
}
