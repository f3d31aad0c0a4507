using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Routing.HandOff;
using ModelOps.Sdk.Routing.Predictions;

namespace ModelOps.Sdk.Routing.PredictionLog;

/// <summary>
/// A prediction log in JSON-lines files: one JSON object per line, append-only, one file per UTC day and size limit, personal data
/// redacted per field before anything is written. Thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// Each line is <c>{"id":…,"model":…,"experiment":…,"arm":…,"version":…,"time":…,"predicted":…,"input":{…}}</c>, with the input
/// serialized by System.Text.Json (web defaults: camelCase names) and then redacted as <see cref="JsonLinesPredictionLogOptions.RedactedFields"/>
/// says. Files are <c>&lt;prefix&gt;-&lt;yyyyMMdd&gt;-&lt;nnnn&gt;.jsonl</c> in <see cref="JsonLinesPredictionLogOptions.Directory"/>.
/// </para>
/// <para>
/// Writing is off the caller's path: <see cref="TryWrite"/> copies the record into a slot of a pre-allocated lock-free ring (one
/// compare-and-swap; no lock, no I/O, no allocation) and returns, waking the writer only if it was asleep on an empty queue; a
/// single writer task serializes, redacts and appends, and hands each batch to the operating system. When the queue is full the record is dropped and counted in <see cref="Dropped"/>, never waited for; a
/// record that cannot be serialized or written is logged (by type name, never by value) and counted in <see cref="Failed"/>.
/// <see cref="FlushAsync"/> and disposal drain the queue. Inputs are read on the writer thread, so do not change an input object
/// after scoring it.
/// </para>
/// <para>
/// <see cref="FindAsync"/> scans the directory's <c>*.jsonl</c> files (every prefix, newest file name first) line by line with a
/// buffer the size of the longest line, comparing each line's start with the id before parsing it: its cost grows with the size of
/// the log (roughly the disk's sequential read speed), its memory does not. Keep the log to the outcome window you need (delete
/// old files) or pass predicted values explicitly when labelling in bulk.
/// </para>
/// <para>
/// Only one writer may append to a file: give each process writing into a shared directory its own
/// <see cref="JsonLinesPredictionLogOptions.FilePrefix"/>. Any number of processes may read.
/// </para>
/// </remarks>
public sealed partial class JsonLinesPredictionLogSink : IPredictionLogSink, IAsyncDisposable, IDisposable
{
    private const string Extension = ".jsonl";
    private const int ReadBufferBytes = 64 * 1024;

    private static readonly JsonSerializerOptions InputOptions = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>How many times the idle writer spins (yielding its time slice, never sleeping) before it goes to sleep.</summary>
    private const int SpinsBeforeSleep = 10;

    private readonly BoundedRing<Entry> _queue;
    private readonly IdleWorkers _idle = new();
    private readonly PredictionFieldRedactor _redactor;
    private readonly string _directory;
    private readonly string _prefix;
    private readonly long _maxFileBytes;
    private readonly ILogger _logger;
    private readonly ArrayBufferWriter<byte> _line = new(1024);
    private readonly Task _writer;
    private FileStream? _file;
    private DateOnly _fileDay;
    private int _fileSequence;
    private long _written;
    private long _dropped;
    private long _failed;
    private int _disposed;

    /// <summary>Initializes a new instance of the <see cref="JsonLinesPredictionLogSink"/> class and starts its writer.</summary>
    /// <param name="options">The options; validated first.</param>
    /// <param name="logger">A logger for write failures, or <see langword="null"/>.</param>
    /// <exception cref="OptionsValidationException">The options are invalid; every problem is listed.</exception>
    public JsonLinesPredictionLogSink(JsonLinesPredictionLogOptions options, ILogger<JsonLinesPredictionLogSink>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var context = new System.ComponentModel.DataAnnotations.ValidationContext(options);
        var annotations = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, context, annotations, validateAllProperties: true);
        errors.AddRange(annotations.Select(static r => $"JsonLinesPredictionLogOptions.{string.Join(", ", r.MemberNames)}: {r.ErrorMessage}"));
        if (new JsonLinesPredictionLogOptionsValidator().Validate(null, options) is { Failed: true } result)
        {
            errors.AddRange(result.Failures);
        }

        if (errors.Count > 0)
        {
            throw new OptionsValidationException(nameof(JsonLinesPredictionLogOptions), typeof(JsonLinesPredictionLogOptions), errors);
        }

        _directory = Path.GetFullPath(options.Directory);
        _prefix = options.FilePrefix;
        _maxFileBytes = options.MaxFileBytes;
        _redactor = new PredictionFieldRedactor(options);
        _logger = logger ?? (ILogger)NullLogger.Instance;
        System.IO.Directory.CreateDirectory(_directory);
        _queue = new BoundedRing<Entry>(options.QueueCapacity);
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Gets the directory the log is written to (full path).</summary>
    public string Directory => _directory;

    /// <summary>Gets how many records have been written.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Gets how many records were dropped because the queue was full (or the sink was disposed).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Gets how many records could not be serialized or written (each is logged by input type, never by value).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException">The record has no input.</exception>
    public bool TryWrite(in PredictionLogRecord record)
    {
        ArgumentNullException.ThrowIfNull(record.Input, nameof(record));
        if (Volatile.Read(ref _disposed) == 0 && _queue.TryEnqueue(new Entry(record, null)))
        {
            if (_idle.AnyAsleep)
            {
                _idle.WakeOne();
            }

            return true;
        }

        Interlocked.Increment(ref _dropped);
        return false;
    }

    /// <inheritdoc />
    /// <remarks>Records are handed to the operating system (not forced to disk): a process crash after the flush loses none of them.</remarks>
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var marker = new Entry(default, flushed);
        var spinner = default(SpinWait);
        while (Volatile.Read(ref _disposed) == 0 && !_queue.TryEnqueue(marker))
        {
            // The queue is full: the writer is draining it; give it the processor, then try again.
            cancellationToken.ThrowIfCancellationRequested();
            if (spinner.NextSpinWillYield)
            {
                await Task.Yield();
            }
            else
            {
                spinner.SpinOnce();
            }
        }

        if (_idle.AnyAsleep)
        {
            _idle.WakeOne();
        }

        // After disposal the writer drains what is queued and stops; a marker it never reached completes with it.
        await Task.WhenAny(flushed.Task, _writer).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="IOException">A log file could not be read.</exception>
    public async ValueTask<LoggedPrediction?> FindAsync(PredictionId id, CancellationToken cancellationToken = default)
    {
        if (id.ModelName is null)
        {
            throw new ArgumentException("The prediction id is empty.", nameof(id));
        }

        await FlushAsync(cancellationToken).ConfigureAwait(false);
        var prefix = LinePrefix(id.ToString());
        var files = System.IO.Directory.EnumerateFiles(_directory, "*" + Extension).Order(StringComparer.Ordinal).Reverse();
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

    /// <summary>Stops accepting records, writes every queued one, and closes the current file.</summary>
    /// <returns>A task that completes when the queue is drained and the file closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _idle.WakeAll();
        await _writer.ConfigureAwait(false);
        _idle.Dispose();
    }

    /// <summary>Stops accepting records, writes every queued one, and closes the current file (blocking).</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

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
            return JsonNode.Parse(line) is JsonObject node
                && node["id"] is JsonValue id && id.TryGetValue<string>(out var idText) && PredictionId.TryParse(idText, out var parsed)
                && node["time"] is JsonValue time && time.TryGetValue<DateTimeOffset>(out var timestamp)
                ? new LoggedPrediction(parsed, timestamp, node["predicted"] is JsonValue value && value.TryGetValue<double>(out var predicted) ? predicted : null, node["input"] as JsonObject ?? [])
                : null;
        }
        catch (JsonException)
        {
            return null;
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
        catch (FileNotFoundException)
        {
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

    private async Task WriteLoopAsync()
    {
        var spinner = default(SpinWait);
        try
        {
            while (true)
            {
                var wrote = false;
                while (_queue.TryDequeue(out var entry))
                {
                    if (entry.Flushed is { } flushed)
                    {
                        FlushFile();
                        flushed.TrySetResult();
                    }
                    else
                    {
                        Write(entry.Record);
                        wrote = true;
                    }
                }

                if (wrote)
                {
                    FlushFile();
                    spinner.Reset();
                    continue;
                }

                if (!_queue.IsEmpty)
                {
                    // A caller claimed a slot and is about to fill it.
                    spinner.SpinOnce();
                    continue;
                }

                if (Volatile.Read(ref _disposed) != 0)
                {
                    return;
                }

                if (spinner.Count < SpinsBeforeSleep)
                {
                    spinner.SpinOnce(sleep1Threshold: -1);
                    continue;
                }

                spinner.Reset();
                await _idle.SleepAsync(static self => !self._queue.IsEmpty || Volatile.Read(ref self._disposed) != 0, this).ConfigureAwait(false);
            }
        }
        finally
        {
            CloseFile();
        }
    }

    private void Write(in PredictionLogRecord record)
    {
        try
        {
            _line.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(_line))
            {
                var id = record.Id;
                writer.WriteStartObject();
                writer.WriteString("id", id.ToString());
                writer.WriteString("model", id.ModelName);
                writer.WriteString("experiment", id.ExperimentName);
                writer.WriteString("arm", id.Arm);
                writer.WriteNumber("version", id.Version);
                writer.WriteString("time", record.Timestamp);
                if (record.Predicted is { } predicted && double.IsFinite(predicted))
                {
                    writer.WriteNumber("predicted", predicted);
                }
                else
                {
                    writer.WriteNull("predicted");
                }

                writer.WritePropertyName("input");
                var input = JsonSerializer.SerializeToNode(record.Input, record.Input.GetType(), InputOptions);
                if (input is JsonObject fields)
                {
                    _redactor.Redact(fields);
                    fields.WriteTo(writer);
                }
                else
                {
                    // Only objects have fields to redact; anything else (a bare string, an array) could hold personal data unchecked.
                    throw new JsonException($"The input serializes to {input?.GetValueKind().ToString() ?? "null"}, not an object with fields.");
                }

                writer.WriteEndObject();
            }

            _line.Write("\n"u8);
            var file = FileFor(DateOnly.FromDateTime(record.Timestamp.UtcDateTime));
            file.Write(_line.WrittenSpan);
            Interlocked.Increment(ref _written);
        }
#pragma warning disable CA1031 // A record that cannot be written is counted and logged; the writer keeps serving the others.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Interlocked.Increment(ref _failed);
            // The exception's message may quote the input (a converter's error): log its type and the input's type only.
            LogWriteFailed(_logger, record.Input.GetType().FullName ?? record.Input.GetType().Name, exception.GetType().Name, record.Id.ModelName);
        }
    }

    /// <summary>The file for a record of this day: the current one unless the day moved forward or the size limit was reached.</summary>
    private FileStream FileFor(DateOnly day)
    {
        if (_file is not null && day <= _fileDay && _file.Length < _maxFileBytes)
        {
            return _file;
        }

        var next = _file is not null && day <= _fileDay ? (_fileDay, _fileSequence + 1) : OpenableFor(day);
        CloseFile();
        var path = PathOf(next.Item1, next.Item2);
        var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read | FileShare.Delete, 64 * 1024);
        if (file.Length > 0 && LastByte(path) != (byte)'\n')
        {
            // The previous writer crashed mid-line: start ours on a line of its own.
            file.Write("\n"u8);
        }

        (_file, _fileDay, _fileSequence) = (file, next.Item1, next.Item2);
        return file;
    }

    /// <summary>The day's last file if it has room, else the next sequence number.</summary>
    private (DateOnly, int) OpenableFor(DateOnly day)
    {
        var pattern = $"{_prefix}-{day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}-";
        var last = System.IO.Directory.EnumerateFiles(_directory, pattern + "*" + Extension)
            .Select(p => Path.GetFileNameWithoutExtension(p)[pattern.Length..])
            .Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1)
            .DefaultIfEmpty(-1)
            .Max();
        if (last < 0)
        {
            return (day, 1);
        }

        return new FileInfo(PathOf(day, last)).Length < _maxFileBytes ? (day, last) : (day, last + 1);
    }

    private string PathOf(DateOnly day, int sequence) =>
        Path.Combine(_directory, string.Create(CultureInfo.InvariantCulture, $"{_prefix}-{day:yyyyMMdd}-{sequence:D4}{Extension}"));

    private static int LastByte(string path)
    {
        using var read = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
        if (read.Length == 0)
        {
            return -1;
        }

        read.Seek(-1, SeekOrigin.End);
        return read.ReadByte();
    }

    private void FlushFile()
    {
        try
        {
            _file?.Flush();
        }
#pragma warning disable CA1031 // A failed flush is logged; the records stay in the stream's buffer and are retried with the next flush.
        catch (IOException exception)
#pragma warning restore CA1031
        {
            LogFlushFailed(_logger, exception, _directory);
        }
    }

    private void CloseFile()
    {
        if (_file is null)
        {
            return;
        }

        FlushFile();
        try
        {
            _file.Dispose();
        }
        catch (IOException exception)
        {
            LogFlushFailed(_logger, exception, _directory);
        }

        _file = null;
    }

    [LoggerMessage(EventId = 4110, Level = LogLevel.Error, Message = "A prediction of model '{Model}' could not be logged ({Error} with an input of type {InputType}); counted in Failed.")]
    private static partial void LogWriteFailed(ILogger logger, string inputType, string error, string model);

    [LoggerMessage(EventId = 4111, Level = LogLevel.Error, Message = "The prediction log in '{Directory}' could not be flushed.")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception, string directory);

    /// <summary>A queued record, or a flush marker (a completion to signal once everything before it is written).</summary>
    private readonly record struct Entry(PredictionLogRecord Record, TaskCompletionSource? Flushed);
}
