using System.Text.Json;

namespace ModelOps.Sdk.Telemetry;

/// <summary>
/// Consecutive periods of one serving instance's scorer telemetry of one model version, one <see cref="ScorerTelemetrySnapshot"/>
/// per period that served or failed a call, all within one UTC day and at most <see cref="MaxSnapshots"/> of them: the content of a
/// <see cref="DocumentKinds.ScorerTelemetrySeries"/> document. The hosting layer saves a new revision of its series at the end of each
/// period, holding every snapshot of the previous revision and the period that ended, so a reader reads only the latest revision of
/// each series (30 documents per instance and version over 30 days of hourly periods, not 720).
/// </summary>
/// <remarks>
/// JSON (<see cref="ToJson"/>, <see cref="FromJson"/>) with a <see cref="SchemaVersion"/>; a newer version, or a series whose snapshots
/// are of another version, overlap, or leave its day, is refused with <see cref="StorageFormatException"/> rather than misread.
/// </remarks>
public sealed class ScorerTelemetrySeries
{
    /// <summary>The schema version this library writes and the newest it reads.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>
    /// The most periods one series holds (the hosting layer starts a new series after this many periods of a day, and at midnight
    /// UTC): each revision repeats the earlier periods, so a series of n periods stores about n²/2 snapshots until retention removes
    /// the superseded revisions.
    /// </summary>
    public const int MaxSnapshots = 24;

    /// <summary>Gets the schema version of the JSON form.</summary>
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>Gets the id of the instance whose calls are counted (<see cref="ModelOpsOptions.InstanceId"/>).</summary>
    public required string InstanceId { get; init; }

    /// <summary>Gets the model.</summary>
    public required string ModelName { get; init; }

    /// <summary>Gets the version that served the calls.</summary>
    public required int ModelVersion { get; init; }

    /// <summary>Gets the snapshots, one per period, oldest first.</summary>
    public required IReadOnlyList<ScorerTelemetrySnapshot> Snapshots { get; init; }

    /// <summary>Serializes the series as UTF-8 JSON (camelCase).</summary>
    /// <returns>The JSON bytes.</returns>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, TelemetryJsonContext.Default.ScorerTelemetrySeries);

    /// <summary>Reads a series written by <see cref="ToJson"/>.</summary>
    /// <param name="utf8Json">The JSON bytes.</param>
    /// <returns>The series.</returns>
    /// <exception cref="StorageFormatException">The JSON is not a series, its schema version is newer than
    /// <see cref="CurrentSchemaVersion"/>, or its snapshots are inconsistent (another model or version, out of order, overlapping,
    /// outside one UTC day, more than <see cref="MaxSnapshots"/>); the message says what is wrong.</exception>
    public static ScorerTelemetrySeries FromJson(ReadOnlySpan<byte> utf8Json)
    {
        var series = TelemetryJson.Read(utf8Json, TelemetryJsonContext.Default.ScorerTelemetrySeries, DocumentKinds.ScorerTelemetrySeries, "scorer telemetry series");
        TelemetryJson.CheckSchema(series.SchemaVersion, CurrentSchemaVersion, DocumentKinds.ScorerTelemetrySeries, "scorer telemetry series");
        var where = $"The scorer telemetry series of '{series.ModelName}' version {series.ModelVersion} on instance '{series.InstanceId}'";
        if (series.Snapshots.Count is 0 or > MaxSnapshots)
        {
            throw new StorageFormatException(DocumentKinds.ScorerTelemetrySeries, $"{where} holds {series.Snapshots.Count} snapshots; a series holds 1 to {MaxSnapshots}.");
        }

        var day = series.Snapshots[0].PeriodStart.UtcDateTime.Date;
        ScorerTelemetrySnapshot? previous = null;
        foreach (var snapshot in series.Snapshots)
        {
            if (snapshot is null)
            {
                throw new StorageFormatException(DocumentKinds.ScorerTelemetrySeries, $"{where} holds a null snapshot.");
            }

            if (!string.Equals(snapshot.ModelName, series.ModelName, StringComparison.Ordinal) || snapshot.ModelVersion != series.ModelVersion)
            {
                throw new StorageFormatException(DocumentKinds.ScorerTelemetrySeries, $"{where} holds a snapshot of '{snapshot.ModelName}' version {snapshot.ModelVersion}.");
            }

            if (snapshot.Inconsistency() is { } inconsistency)
            {
                throw new StorageFormatException(DocumentKinds.ScorerTelemetrySeries, $"{where} holds an inconsistent snapshot: {inconsistency}.");
            }

            if (snapshot.PeriodStart.UtcDateTime.Date != day || snapshot.PeriodEnd.UtcDateTime > day.AddDays(1))
            {
                throw new StorageFormatException(DocumentKinds.ScorerTelemetrySeries, $"{where} holds the period {snapshot.PeriodStart:o} to {snapshot.PeriodEnd:o}, outside its day {day:yyyy-MM-dd} (UTC).");
            }

            if (previous is not null && snapshot.PeriodStart < previous.PeriodEnd)
            {
                throw new StorageFormatException(DocumentKinds.ScorerTelemetrySeries, $"{where} holds the period {snapshot.PeriodStart:o} after {previous.PeriodStart:o} to {previous.PeriodEnd:o}: periods must be in order and must not overlap.");
            }

            previous = snapshot;
        }

        return series;
    }
}
