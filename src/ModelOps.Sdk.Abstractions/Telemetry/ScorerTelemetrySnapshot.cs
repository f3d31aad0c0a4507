using System.Text.Json;

namespace ModelOps.Sdk.Telemetry;

/// <summary>
/// The scoring load, errors and latency of one model version over one period, as one or more serving instances counted them: the
/// mergeable form of the scorer telemetry (<c>modelops.scorer.calls</c>, <c>modelops.scorer.errors</c>,
/// <c>modelops.scorer.duration</c>). The hosting layer saves one per instance, version and aligned period as a
/// <see cref="DocumentKinds.ScorerTelemetry"/> document; the report merges the instances' snapshots of a period with
/// <see cref="Merge"/>.
/// </summary>
/// <remarks>
/// <para><see cref="Calls"/> and <see cref="Errors"/> are exact: every call is counted, a batch of n inputs as n. <see cref="Latency"/>
/// is sampled: about one call in 256 per thread is timed, so its count is about a 256th of <see cref="Calls"/> and its quantiles are
/// estimates from fixed buckets (<see cref="ScorerLatencyHistogram.EstimateQuantile"/>).</para>
/// <para>Every figure is a sum, so merging is exact, commutative and associative: the merge of several instances' snapshots equals
/// the snapshot one instance would have saved had it served every call.</para>
/// <para>JSON (<see cref="ToJson"/>, <see cref="FromJson"/>) with a <see cref="SchemaVersion"/>; a newer version is refused with
/// <see cref="StorageFormatException"/> rather than misread.</para>
/// </remarks>
public sealed record ScorerTelemetrySnapshot
{
    /// <summary>The schema version this library writes and the newest it reads.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>Gets the schema version of the JSON form.</summary>
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>Gets the ids of the instances whose calls are counted (<see cref="ModelOpsOptions.InstanceId"/>), in ordinal order.</summary>
    public required IReadOnlyList<string> Instances { get; init; }

    /// <summary>Gets the model.</summary>
    public required string ModelName { get; init; }

    /// <summary>Gets the version that served the calls.</summary>
    public required int ModelVersion { get; init; }

    /// <summary>Gets the start of the period, inclusive (aligned to its length from midnight UTC, as monitoring windows are).</summary>
    public required DateTimeOffset PeriodStart { get; init; }

    /// <summary>Gets the end of the period, exclusive.</summary>
    public required DateTimeOffset PeriodEnd { get; init; }

    /// <summary>Gets how many scoring calls the version served in the period, exact; a batch of n inputs counts n.</summary>
    public long Calls { get; init; }

    /// <summary>Gets how many scoring calls threw, exact.</summary>
    public long Errors { get; init; }

    /// <summary>Gets the latencies of the sampled calls (about one in 256).</summary>
    /// <value>The default value is <see cref="ScorerLatencyHistogram.Empty"/>.</value>
    public ScorerLatencyHistogram Latency { get; init; } = ScorerLatencyHistogram.Empty;

    /// <summary>Gets the share of calls that threw, or <see langword="null"/> without a call.</summary>
    public double? ErrorRate => Calls > 0 ? (double)Errors / Calls : null;

    /// <summary>
    /// Adds two snapshots of the same model version: calls, errors and latency buckets are summed, the instances united, and the
    /// period spans both (the same period for two instances' snapshots of one period; a longer one when periods are added up).
    /// </summary>
    /// <param name="a">The first snapshot.</param>
    /// <param name="b">The second snapshot.</param>
    /// <returns>The snapshot of every call either counted.</returns>
    /// <exception cref="ArgumentException">The snapshots are of different models or versions.</exception>
    public static ScorerTelemetrySnapshot Merge(ScorerTelemetrySnapshot a, ScorerTelemetrySnapshot b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (!string.Equals(a.ModelName, b.ModelName, StringComparison.Ordinal) || a.ModelVersion != b.ModelVersion)
        {
            throw new ArgumentException($"The scorer telemetry of '{b.ModelName}' version {b.ModelVersion} cannot be merged with that of '{a.ModelName}' version {a.ModelVersion}.", nameof(b));
        }

        return a with
        {
            Instances = [.. a.Instances.Union(b.Instances, StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            PeriodStart = a.PeriodStart <= b.PeriodStart ? a.PeriodStart : b.PeriodStart,
            PeriodEnd = a.PeriodEnd >= b.PeriodEnd ? a.PeriodEnd : b.PeriodEnd,
            Calls = checked(a.Calls + b.Calls),
            Errors = checked(a.Errors + b.Errors),
            Latency = ScorerLatencyHistogram.Merge(a.Latency, b.Latency),
        };
    }

    /// <summary>Gets whether another snapshot counts the same calls of the same version, period and instances.</summary>
    /// <param name="other">The other snapshot.</param>
    /// <returns><see langword="true"/> when every field is equal.</returns>
    public bool Equals(ScorerTelemetrySnapshot? other) =>
        other is not null
        && SchemaVersion == other.SchemaVersion
        && Instances.SequenceEqual(other.Instances, StringComparer.Ordinal)
        && string.Equals(ModelName, other.ModelName, StringComparison.Ordinal)
        && ModelVersion == other.ModelVersion
        && PeriodStart == other.PeriodStart
        && PeriodEnd == other.PeriodEnd
        && Calls == other.Calls
        && Errors == other.Errors
        && Latency.Equals(other.Latency);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ModelName, ModelVersion, PeriodStart, PeriodEnd, Calls, Errors, Latency);

    /// <summary>Serializes the snapshot as UTF-8 JSON (camelCase).</summary>
    /// <returns>The JSON bytes.</returns>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, TelemetryJsonContext.Default.ScorerTelemetrySnapshot);

    /// <summary>Reads a snapshot written by <see cref="ToJson"/>.</summary>
    /// <param name="utf8Json">The JSON bytes.</param>
    /// <returns>The snapshot.</returns>
    /// <exception cref="StorageFormatException">The JSON is not a snapshot, or its schema version is newer than
    /// <see cref="CurrentSchemaVersion"/>; the message says what is wrong.</exception>
    public static ScorerTelemetrySnapshot FromJson(ReadOnlySpan<byte> utf8Json)
    {
        var snapshot = TelemetryJson.Read(utf8Json, TelemetryJsonContext.Default.ScorerTelemetrySnapshot, DocumentKinds.ScorerTelemetry, "scorer telemetry snapshot");
        TelemetryJson.CheckSchema(snapshot.SchemaVersion, CurrentSchemaVersion, DocumentKinds.ScorerTelemetry, "scorer telemetry snapshot");
        if (snapshot.Inconsistency() is { } inconsistency)
        {
            throw new StorageFormatException(DocumentKinds.ScorerTelemetry, $"The scorer telemetry snapshot of '{snapshot.ModelName}' version {snapshot.ModelVersion} is inconsistent: {inconsistency}.");
        }

        return snapshot;
    }

    /// <summary>Describes what makes the counts or the period impossible, or returns <see langword="null"/> when nothing does.</summary>
    internal string? Inconsistency() =>
        Calls < 0 || Errors < 0 || PeriodEnd <= PeriodStart
            ? $"{Calls} calls, {Errors} errors, period {PeriodStart:o} to {PeriodEnd:o}"
            : null;
}
