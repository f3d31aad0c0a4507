using System.ComponentModel.DataAnnotations;
using ModelOps.Sdk.Configuration;

namespace ModelOps.Sdk.Routing.PredictionLog;

/// <summary>
/// Options of <see cref="JsonLinesPredictionLogSink"/>, bound from configuration (section <c>ModelOps:PredictionLog</c> by
/// convention) and validated when the sink is created.
/// </summary>
[ModelOpsOptionsSection(SectionName)]
public sealed class JsonLinesPredictionLogOptions
{
    /// <summary>
    /// The configuration section these options bind from, relative to the <c>ModelOps</c> section (<see cref="ModelOpsOptions.SectionName"/>):
    /// <c>ModelOps:Routing:PredictionLog</c>. <c>services.AddModelOps(configuration.GetSection("ModelOps"))</c> of ModelOps.Sdk.Hosting binds it.
    /// </summary>
    public const string SectionName = "Routing:PredictionLog";

    /// <summary>Gets or sets the directory the log's files are written to (created if missing).</summary>
    /// <value>The default value is the empty string, which is invalid: set it.</value>
    [Required(AllowEmptyStrings = false)]
    public string Directory { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets the start of this writer's file names (letters, digits, <c>_</c> and <c>-</c>): files are named
    /// <c>&lt;prefix&gt;-&lt;yyyyMMdd&gt;-&lt;nnnn&gt;.jsonl</c>. Give each process writing into the same directory its own prefix (for
    /// example its instance id); lookups read every <c>*.jsonl</c> file of the directory, whatever its prefix.
    /// </summary>
    /// <value>The default value is <c>predictions</c>.</value>
    [Required]
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")]
    public string FilePrefix { get; set; } = "predictions";

    /// <summary>Gets or sets how many records may wait to be written; when full, new records are dropped and counted.</summary>
    /// <value>The default value is 8192.</value>
    [Range(1, 10_000_000)]
    public int QueueCapacity { get; set; } = 8192;

    /// <summary>
    /// Gets or sets the size at which the writer starts a new file. A new file is also started on each new UTC day of the
    /// records' timestamps.
    /// </summary>
    /// <value>The default value is 64 MiB.</value>
    [Range(4096L, long.MaxValue)]
    public long MaxFileBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Gets or sets how long a file of this writer is kept after the last UTC day its name carries: a file named
    /// <c>&lt;prefix&gt;-&lt;yyyyMMdd&gt;-&lt;n&gt;.jsonl</c> is deleted once the end of that day is more than this long ago, so every
    /// record younger than this is kept (unless <see cref="MaxTotalBytes"/> needs the room). Checked when the writer starts and
    /// each time it starts a new file. Keep it at least as long as the window in which outcomes arrive and decisions may have to
    /// be replayed. Bound from configuration as a <see cref="TimeSpan"/> (<c>"30.00:00:00"</c>).
    /// </summary>
    /// <value>The default value is 30 days.</value>
    public TimeSpan RetainFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Gets or sets the most bytes this writer's files may take together: after deleting by age, the writer deletes its oldest
    /// files (by the day and number in their names) until the rest fit, never the file it is writing. Files of other prefixes and
    /// other files in the directory are never deleted.
    /// </summary>
    /// <value>The default value is 1 GiB.</value>
    public long MaxTotalBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>
    /// Gets the input fields that hold personal data and how each is redacted before anything is written. Keys are field names
    /// as the input serializes (System.Text.Json web defaults, so camelCase; matched ignoring case), or dotted paths into nested
    /// objects (<c>address.street</c>). A redacted value is never written to the log, to its error messages or to the logger.
    /// </summary>
    /// <value>The default value is an empty dictionary (nothing redacted).</value>
    public IDictionary<string, FieldRedaction> RedactedFields { get; } = new Dictionary<string, FieldRedaction>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Gets or sets the key of <see cref="FieldRedaction.Hash"/>, base64-encoded, at least 16 bytes (32 random bytes recommended).
    /// Keep it secret and stable: the same key gives the same hashes, so logs written months apart can be joined. Required when
    /// any field is hashed.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? HashKey { get; set; }
}
