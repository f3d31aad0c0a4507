using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Explanations;
using ModelOps.Sdk.Predictions;
using ModelOps.Sdk.Routing.HandOff;
using ModelOps.Sdk.Routing.Predictions;

namespace ModelOps.Sdk.Routing.PredictionLog;

/// <summary>
/// A prediction log in JSON-lines files: one JSON object per line, append-only, one file per UTC day and size limit, personal data
/// redacted per field before anything is written, old files deleted by age and total size. Thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// Each line is <c>{"id":…,"model":…,"experiment":…,"arm":…,"version":…,"time":…,"predicted":…,"output":{…},"explanation":{…},"input":{…},"redacted":[…]}</c>,
/// with the output and the input serialized by System.Text.Json (web defaults: camelCase names, enums as strings), the input then
/// redacted as <see cref="JsonLinesPredictionLogOptions.RedactedFields"/> says, and <c>redacted</c> (present only when a field was
/// redacted) naming the configured paths that were. The output is written whole and is not redacted. <c>explanation</c>, present
/// only when the decision was explained, is the <see cref="DecisionExplanation"/> as <see cref="ExplanationJson"/> writes it, less
/// the contributions of redacted fields; <c>explanationUnavailable</c> says why an explanation asked for is missing. Readers ignore properties
/// they do not know, so later versions may add properties (for example an explanation) without breaking them; <c>id</c> stays
/// first. Files are <c>&lt;prefix&gt;-&lt;yyyyMMdd&gt;-&lt;nnnn&gt;.jsonl</c> in <see cref="JsonLinesPredictionLogOptions.Directory"/>.
/// </para>
/// <para>
/// Writing is off the caller's path: <see cref="TryWrite"/> copies the record into a slot of a pre-allocated lock-free ring (one
/// compare-and-swap; no lock, no I/O, no allocation) and returns, waking the writer only if it was asleep on an empty queue; a
/// single writer task serializes, redacts and appends, and hands each batch to the operating system. When the queue is full the record is dropped and counted in <see cref="Dropped"/>, never waited for; a
/// record that cannot be serialized or written is logged (by type name, never by value) and counted in <see cref="Failed"/>.
/// <see cref="FlushAsync"/> and disposal drain the queue. Inputs and outputs are read on the writer thread, so do not change them
/// after scoring.
/// </para>
/// <para>
/// Retention: when the sink is created and each time it starts a new file, it deletes its own files (exactly
/// <c>&lt;prefix&gt;-&lt;yyyyMMdd&gt;-&lt;n&gt;.jsonl</c>) whose day ended more than <see cref="JsonLinesPredictionLogOptions.RetainFor"/> ago,
/// then its oldest files until the rest fit in <see cref="JsonLinesPredictionLogOptions.MaxTotalBytes"/>. Each deletion is logged;
/// one that fails is logged and retried at the next new file. The newest day deleted is kept in <c>&lt;prefix&gt;-retention.json</c>, so a
/// replay of a prediction the log no longer holds can say it was removed by retention.
/// </para>
/// <para>
/// <see cref="FindAsync"/> flushes, then scans the directory as <see cref="JsonLinesPredictionLogReader"/> does: its cost grows with
/// the size of the log, its memory does not.
/// </para>
/// <para>
/// Only one writer may append to a file: give each process writing into a shared directory its own
/// <see cref="JsonLinesPredictionLogOptions.FilePrefix"/>. Any number of processes may read.
/// </para>
/// </remarks>
public sealed partial class JsonLinesPredictionLogSink : IPredictionLogSink, IAsyncDisposable, IDisposable
{
    private const string Extension = JsonLinesPredictionLogReader.Extension;

    /// <summary>Inputs and outputs as JSON scoring reads them (web defaults, enums as strings); explanations serialize inputs with it too.</summary>
    internal static readonly JsonSerializerOptions InputOptions = new(JsonSerializerDefaults.Web)
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
    private readonly TimeProvider _time;
    private readonly TimeSpan _retainFor;
    private readonly long _maxTotalBytes;
    private readonly JsonLinesPredictionLogReader _reader;
    private readonly ArrayBufferWriter<byte> _line = new(1024);
    private readonly Task _writer;
    private FileStream? _file;
    private DateOnly _fileDay;
    private int _fileSequence;
    private long _written;
    private long _dropped;
    private long _failed;
    private long _deleted;
    private DateOnly? _removedThrough;
    private int _disposed;

    /// <summary>Initializes a new instance of the <see cref="JsonLinesPredictionLogSink"/> class and starts its writer.</summary>
    /// <param name="options">The options; validated first.</param>
    /// <param name="logger">A logger for write failures and retention, or <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock retention reads, or <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="OptionsValidationException">The options are invalid; every problem is listed.</exception>
    /// <remarks>Applies retention to the directory before returning (deleting this writer's expired files).</remarks>
    public JsonLinesPredictionLogSink(JsonLinesPredictionLogOptions options, ILogger<JsonLinesPredictionLogSink>? logger = null, TimeProvider? timeProvider = null)
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
        _time = timeProvider ?? TimeProvider.System;
        _retainFor = options.RetainFor;
        _maxTotalBytes = options.MaxTotalBytes;
        System.IO.Directory.CreateDirectory(_directory);
        _reader = new JsonLinesPredictionLogReader(_directory);
        _removedThrough = JsonLinesPredictionLogReader.ReadMarker(MarkerPath);
        ApplyRetention();
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

    /// <summary>Gets how many of this writer's files retention has deleted since it started.</summary>
    public long FilesDeleted => Interlocked.Read(ref _deleted);

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
    /// <remarks>Flushes the queue, then reads the directory as <see cref="JsonLinesPredictionLogReader.FindAsync"/> does.</remarks>
    /// <exception cref="IOException">A log file could not be read.</exception>
    public async ValueTask<LoggedPrediction?> FindAsync(PredictionId id, CancellationToken cancellationToken = default)
    {
        if (id.ModelName is null)
        {
            throw new ArgumentException("The prediction id is empty.", nameof(id));
        }

        await FlushAsync(cancellationToken).ConfigureAwait(false);
        return await _reader.FindAsync(id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Gets the newest UTC day whose file retention has deleted, over every writer of the directory (each records it in
    /// <c>&lt;prefix&gt;-retention.json</c>), or <see langword="null"/> when retention has deleted none.
    /// </summary>
    /// <returns>The day, or <see langword="null"/>.</returns>
    public DateOnly? ReadRemovedThrough() => _reader.ReadRemovedThrough();

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

                writer.WritePropertyName("output");
                if (record.Output is { } output)
                {
                    JsonSerializer.Serialize(writer, output, output.GetType(), InputOptions);
                }
                else
                {
                    writer.WriteNullValue();
                }

                if (record.Explanation is { } explanation)
                {
                    // Typed, through the contract's source-generated context, after removing what redaction asks for.
                    writer.WritePropertyName("explanation");
                    writer.WriteRawValue(ExplanationJson.WriteDecisionExplanation(_redactor.Redact(explanation)), skipInputValidation: true);
                }

                if (record.ExplanationUnavailable is { } unavailable)
                {
                    writer.WriteString("explanationUnavailable", unavailable);
                }

                writer.WritePropertyName("input");
                var input = JsonSerializer.SerializeToNode(record.Input, record.Input.GetType(), InputOptions);
                if (input is not JsonObject fields)
                {
                    // Only objects have fields to redact; anything else (a bare string, an array) could hold personal data unchecked.
                    throw new JsonException($"The input serializes to {input?.GetValueKind().ToString() ?? "null"}, not an object with fields.");
                }

                var redacted = _redactor.Redact(fields);
                fields.WriteTo(writer);
                if (redacted is not null)
                {
                    writer.WriteStartArray("redacted");
                    foreach (var path in redacted)
                    {
                        writer.WriteStringValue(path);
                    }

                    writer.WriteEndArray();
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
        ApplyRetention(keep: path);
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

    private string MarkerPath => Path.Combine(_directory, _prefix + JsonLinesPredictionLogReader.RetentionMarkerSuffix);

    /// <summary>
    /// Deletes this writer's files whose day ended more than <see cref="JsonLinesPredictionLogOptions.RetainFor"/> ago, then its
    /// oldest files until the rest fit in <see cref="JsonLinesPredictionLogOptions.MaxTotalBytes"/>; never <paramref name="keep"/>
    /// (the file about to be written) and never a file whose name is not exactly <c>&lt;prefix&gt;-&lt;yyyyMMdd&gt;-&lt;n&gt;.jsonl</c>.
    /// A deletion that fails is logged and the file stays, so the next roll tries it again.
    /// </summary>
    private void ApplyRetention(string? keep = null)
    {
        List<(string Path, DateOnly Day, int Sequence, long Bytes)> files;
        try
        {
            files = [.. OwnFiles().OrderBy(static f => f.Day).ThenBy(static f => f.Sequence)];
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            LogRetentionFailed(_logger, exception, _directory);
            return;
        }

        var now = _time.GetUtcNow();
        var total = files.Sum(static f => f.Bytes);
        var removed = _removedThrough;
        foreach (var file in files)
        {
            if (string.Equals(file.Path, keep, StringComparison.Ordinal))
            {
                continue;
            }

            // A file holds records up to the end of the day in its name: it has expired once that end is RetainFor behind us.
            var dayEnd = new DateTimeOffset(file.Day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var expired = now - dayEnd >= _retainFor;
            if (!expired && total <= _maxTotalBytes)
            {
                continue;
            }

            if (Delete(file.Path, expired ? "older than RetainFor" : "over MaxTotalBytes"))
            {
                total -= file.Bytes;
                removed = removed is { } r && r > file.Day ? r : file.Day;
            }
        }

        if (removed != _removedThrough)
        {
            _removedThrough = removed;
            WriteMarker(removed!.Value);
        }
    }

    /// <summary>This writer's own files: exactly <c>&lt;prefix&gt;-&lt;yyyyMMdd&gt;-&lt;digits&gt;.jsonl</c>, so another prefix that starts with ours is not ours.</summary>
    private IEnumerable<(string Path, DateOnly Day, int Sequence, long Bytes)> OwnFiles()
    {
        // Every kind of entry, not only files: an entry of our name that cannot be deleted is reported, not silently kept.
        foreach (var path in System.IO.Directory.EnumerateFileSystemEntries(_directory, _prefix + "-*" + Extension))
        {
            var name = Path.GetFileName(path.AsSpan());
            var rest = name[(_prefix.Length + 1)..^Extension.Length];
            if (rest.Length < 10 || rest[8] != '-'
                || !DateOnly.TryParseExact(rest[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                || !int.TryParse(rest[9..], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            {
                continue;
            }

            var info = new FileInfo(path);
            yield return (path, day, sequence, info.Exists ? info.Length : 0);
        }
    }

    private bool Delete(string path, string reason)
    {
        var name = Path.GetFileName(path);
        try
        {
            File.Delete(path);
            Interlocked.Increment(ref _deleted);
            LogFileDeleted(_logger, name, reason);
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            LogDeleteFailed(_logger, exception, name, reason);
            return false;
        }
    }

    private void WriteMarker(DateOnly removedThrough)
    {
        try
        {
            var temporary = MarkerPath + ".tmp";
            File.WriteAllText(temporary, string.Create(CultureInfo.InvariantCulture, $"{{\"removedThrough\":\"{removedThrough:yyyy-MM-dd}\"}}\n"));
            File.Move(temporary, MarkerPath, overwrite: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            LogRetentionFailed(_logger, exception, _directory);
        }
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

    [LoggerMessage(EventId = 4112, Level = LogLevel.Information, Message = "Prediction log retention deleted '{File}' ({Reason}).")]
    private static partial void LogFileDeleted(ILogger logger, string file, string reason);

    [LoggerMessage(EventId = 4113, Level = LogLevel.Warning, Message = "Prediction log retention could not delete '{File}' ({Reason}); it is tried again when the next file is started.")]
    private static partial void LogDeleteFailed(ILogger logger, Exception exception, string file, string reason);

    [LoggerMessage(EventId = 4114, Level = LogLevel.Warning, Message = "Prediction log retention could not read or record the files in '{Directory}'; it is tried again when the next file is started.")]
    private static partial void LogRetentionFailed(ILogger logger, Exception exception, string directory);

    /// <summary>A queued record, or a flush marker (a completion to signal once everything before it is written).</summary>
    private readonly record struct Entry(PredictionLogRecord Record, TaskCompletionSource? Flushed);
}
