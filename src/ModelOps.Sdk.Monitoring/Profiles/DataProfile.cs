using System.Text.Json;
using ModelOps.Sdk.Evidence;
using ModelOps.Sdk.Monitoring.Serialization;

namespace ModelOps.Sdk.Monitoring.Profiles;

/// <summary>
/// The profile of a set of rows: one <see cref="FeatureProfile"/> per input feature and per model output, the rows seen and the
/// rows with a data-quality issue. A reference profile is fitted from training or reference data and fixes the bins; the profiles
/// of current data (a monitor's windows, another instance's windows) are counted in the same bins, so they merge and compare.
/// </summary>
/// <remarks>
/// <para>Serialized with <see cref="ToJson"/> as JSON with a <see cref="SchemaVersion"/>; <see cref="FromJson"/> refuses a newer
/// schema version with a <see cref="ProfileFormatException"/> rather than misreading it.</para>
/// <para>Instances are immutable and thread-safe.</para>
/// </remarks>
public sealed record DataProfile
{
    /// <summary>The schema version this library writes and the newest it reads.</summary>
    public const int CurrentSchemaVersion = EvidenceJson.ReferenceProfileSchemaVersion;

    /// <summary>Gets the schema version of the JSON form.</summary>
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>Gets the number of rows profiled.</summary>
    public long RowCount { get; init; }

    /// <summary>Gets the number of rows with at least one data-quality issue (a missing, NaN or infinite value, a value outside the
    /// reference range, or a category the reference never had). Such rows are counted in every profile, never dropped.</summary>
    public long BadRowCount { get; init; }

    /// <summary>Gets the input features' profiles, in the monitoring schema's order.</summary>
    public required IReadOnlyList<FeatureProfile> Features { get; init; }

    /// <summary>Gets the model outputs' profiles, in the monitoring schema's order.</summary>
    public IReadOnlyList<FeatureProfile> Predictions { get; init; } = [];

    /// <summary>Finds an input feature's or an output's profile by name.</summary>
    /// <param name="name">The feature's name (ordinal).</param>
    /// <returns>The profile.</returns>
    /// <exception cref="KeyNotFoundException">No feature or output has that name.</exception>
    public FeatureProfile this[string name] =>
        Features.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal))
        ?? Predictions.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal))
        ?? throw new KeyNotFoundException($"The profile has no feature or prediction named '{name}'.");

    /// <summary>
    /// Merges two profiles counted against the same reference bins into the profile of all their rows: the counts and bins exactly,
    /// the moments by Chan et al.'s parallel formula. This is how the windows of several service instances combine.
    /// </summary>
    /// <param name="a">One profile.</param>
    /// <param name="b">The other profile.</param>
    /// <returns>The merged profile, with <paramref name="a"/>'s bins.</returns>
    /// <exception cref="ProfileMismatchException">The profiles do not have the same features in the same order, or a feature's
    /// bins differ (they were fitted from different references).</exception>
    public static DataProfile Merge(DataProfile a, DataProfile b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        EnsureSameBins(a, b);
        var accumulator = a.CreateAccumulator();
        accumulator.MergeFrom(a);
        accumulator.MergeFrom(b);
        return accumulator.ToProfile();
    }

    /// <summary>Gets the part of the profile that other packages read (governance's reference-profile gate): the same figures
    /// <see cref="EvidenceJson.ReadReferenceProfileSummary"/> reads from this profile's <see cref="ToJson"/>.</summary>
    /// <returns>The summary.</returns>
    public ReferenceProfileSummary ToSummary() =>
        // Through the stored form, so the producer's summary and the one other packages read agree by construction (the baselines
        // are computed in one place, EvidenceJson).
        EvidenceJson.ReadReferenceProfileSummary(ToJson());

    /// <summary>Serializes the profile as UTF-8 JSON (camelCase, enums as strings, doubles round-trip exactly).</summary>
    /// <returns>The JSON bytes.</returns>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, MonitoringJson.Options);

    /// <summary>Reads a profile written by <see cref="ToJson"/>, checking its schema version and its invariants.</summary>
    /// <param name="utf8Json">The JSON bytes.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="ProfileFormatException">The schema version is newer than <see cref="CurrentSchemaVersion"/> or missing,
    /// or the document is not a valid profile (the message says what is wrong).</exception>
    public static DataProfile FromJson(ReadOnlySpan<byte> utf8Json) =>
        MonitoringJson.Read<DataProfile>(utf8Json, CurrentSchemaVersion, "data profile", "profile", static profile => profile.DescribeInvalidity());

    /// <summary>Describes the first feature whose counts break the profile's invariants, or <see langword="null"/> when none does.</summary>
    internal string? DescribeInvalidity() =>
        Features.Concat(Predictions).Select(static f => f.DescribeInvalidity()).FirstOrDefault(static p => p is not null);

    /// <summary>Checks that another profile has the same features and bins.</summary>
    internal static void EnsureSameBins(DataProfile a, DataProfile b)
    {
        EnsureSameBins(a.Features, b.Features, "input");
        EnsureSameBins(a.Predictions, b.Predictions, "prediction");
    }

    internal FeatureLayout[] CreateLayouts() => [.. Features.Concat(Predictions).Select(FeatureLayout.From)];

    internal ProfileAccumulator CreateAccumulator() => new(CreateLayouts(), Features.Count);

    private static void EnsureSameBins(IReadOnlyList<FeatureProfile> a, IReadOnlyList<FeatureProfile> b, string role)
    {
        for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
        {
            if (i >= a.Count || i >= b.Count)
            {
                var extra = i >= a.Count ? b[i] : a[i];
                throw new ProfileMismatchException(extra.Name, $"only one profile has this {role} ({a.Count} and {b.Count} {role}s)");
            }

            var problem = a[i].DescribeBinDifference(b[i]);
            if (problem is not null)
            {
                throw new ProfileMismatchException(a[i].Name, problem);
            }
        }
    }
}
