using System.Text.Json;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Quality;
using ModelOps.Sdk.Monitoring.Reports;
using ModelOps.Sdk.Monitoring.Serialization;

namespace ModelOps.Sdk.Monitoring.Fleet;

/// <summary>
/// One window of one serving instance as saved in the registry (<see cref="DocumentKinds.MonitoringWindow"/>): the report the
/// instance wrote, and what it takes to merge the window with the other instances' windows of the same period exactly: the
/// instance id, the aligned period, the window's profile in the reference's bins (every input and every output: the prediction
/// distribution), the fairness counts, and the drift and data-quality settings the report was computed with.
/// </summary>
/// <remarks>
/// JSON with a <see cref="SchemaVersion"/> (<see cref="ToJson"/>, <see cref="FromJson"/>); a newer schema version is refused with
/// <see cref="ProfileFormatException"/> rather than misread. Merge windows with <see cref="MonitoringWindowMerger"/>.
/// </remarks>
public sealed record SavedMonitoringWindow
{
    /// <summary>The schema version this library writes and the newest it reads.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>Gets the schema version of the JSON form.</summary>
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>Gets the id of the instance that observed the window (<see cref="ModelOpsOptions.InstanceId"/>).</summary>
    public required string InstanceId { get; init; }

    /// <summary>Gets the model.</summary>
    public required string ModelName { get; init; }

    /// <summary>Gets the version monitored.</summary>
    public required int ModelVersion { get; init; }

    /// <summary>Gets when the window started on this instance.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Gets when the window ended on this instance.</summary>
    public required DateTimeOffset EndedAt { get; init; }

    /// <summary>Gets the aligned period the window belongs to, or <see langword="null"/> when the window is not aligned (row-count
    /// windows, windows not aligned to UTC periods, sliding windows): such a window is shown on its own, never merged.</summary>
    public MonitoringPeriod? Period { get; init; }

    /// <summary>Gets the document name of the reference profile the window was counted against.</summary>
    public required string ReferenceProfileName { get; init; }

    /// <summary>Gets the profile of the window's rows in the reference's bins: inputs and outputs.</summary>
    public required DataProfile Profile { get; init; }

    /// <summary>Gets the fairness counts of every protected attribute, empty when fairness is not tracked by counts.</summary>
    public IReadOnlyList<FairnessWindowCounts> Fairness { get; init; } = [];

    /// <summary>Gets the drift settings the report was computed with.</summary>
    public required DriftOptions Drift { get; init; }

    /// <summary>Gets the data-quality thresholds the report was computed with.</summary>
    public required DataQualityOptions Quality { get; init; }

    /// <summary>Gets the report this instance wrote for the window.</summary>
    public required MonitoringReport Report { get; init; }

    /// <summary>Serializes the window as UTF-8 JSON (camelCase, enums as strings, doubles round-trip exactly).</summary>
    /// <returns>The JSON bytes.</returns>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, MonitoringJson.Options);

    /// <summary>Reads a window written by <see cref="ToJson"/>.</summary>
    /// <param name="utf8Json">The JSON bytes.</param>
    /// <returns>The window.</returns>
    /// <exception cref="ProfileFormatException">The schema version is newer than <see cref="CurrentSchemaVersion"/> or missing, or
    /// the document is not a valid saved window (the message says what is wrong).</exception>
    public static SavedMonitoringWindow FromJson(ReadOnlySpan<byte> utf8Json) =>
        MonitoringJson.Read<SavedMonitoringWindow>(utf8Json, CurrentSchemaVersion, "saved monitoring window", "window", static w => w.Profile.DescribeInvalidity());
}
