using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelOps.Sdk.Routing.Statistics;

/// <summary>
/// The statistics of every arm of one experiment as seen by one or more instances: what an instance stores in the registry and
/// what any instance merges before evaluating.
/// </summary>
/// <remarks>
/// Arms are identified by name and version (an arm whose alias moved during the experiment has one entry per version).
/// <see cref="Merge"/> refuses to merge statistics that share an instance, which would count that instance's calls twice.
/// </remarks>
public sealed record ExperimentStatistics
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Gets the experiment's name.</summary>
    public required string ExperimentName { get; init; }

    /// <summary>Gets the instances whose calls these statistics hold.</summary>
    public required IReadOnlyList<string> Instances { get; init; }

    /// <summary>Gets when the (latest) snapshot was taken.</summary>
    public DateTimeOffset CapturedAt { get; init; }

    /// <summary>Gets the statistics per arm and version.</summary>
    public required IReadOnlyList<ArmStatistics> Arms { get; init; }

    /// <summary>Finds an arm's statistics, merged over its versions when no version is given.</summary>
    /// <param name="arm">The arm's name.</param>
    /// <param name="version">The version, or <see langword="null"/> for all versions that served the arm.</param>
    /// <returns>The statistics, or <see langword="null"/> if the arm recorded nothing.</returns>
    public ArmStatistics? FindArm(string arm, int? version = null)
    {
        ArmStatistics? found = null;
        foreach (var candidate in Arms)
        {
            if (!string.Equals(candidate.Arm, arm, StringComparison.Ordinal) || (version is not null && candidate.Version != version))
            {
                continue;
            }

            found = found is null ? candidate : ArmStatistics.Merge(found, candidate with { Version = found.Version });
        }

        return found;
    }

    /// <summary>Combines the statistics of two disjoint sets of instances.</summary>
    /// <param name="a">The first statistics.</param>
    /// <param name="b">The second statistics.</param>
    /// <returns>The statistics of all instances of both; arms present in one only are kept as they are.</returns>
    /// <exception cref="ExperimentStatisticsMismatchException">They belong to different experiments, share an instance, or an arm cannot merge.</exception>
    public static ExperimentStatistics Merge(ExperimentStatistics a, ExperimentStatistics b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var subject = $"experiment '{a.ExperimentName}'";
        if (!string.Equals(a.ExperimentName, b.ExperimentName, StringComparison.Ordinal))
        {
            throw new ExperimentStatisticsMismatchException(subject, nameof(ExperimentName), $"'{a.ExperimentName}' cannot merge with '{b.ExperimentName}'");
        }

        var shared = a.Instances.Intersect(b.Instances, StringComparer.Ordinal).FirstOrDefault();
        if (shared is not null)
        {
            throw new ExperimentStatisticsMismatchException(subject, nameof(Instances), $"both hold instance '{shared}', whose calls would count twice");
        }

        var arms = new List<ArmStatistics>(a.Arms);
        foreach (var arm in b.Arms)
        {
            var i = arms.FindIndex(x => string.Equals(x.Arm, arm.Arm, StringComparison.Ordinal) && x.Version == arm.Version);
            if (i < 0)
            {
                arms.Add(arm);
            }
            else
            {
                arms[i] = ArmStatistics.Merge(arms[i], arm);
            }
        }

        return new ExperimentStatistics
        {
            ExperimentName = a.ExperimentName,
            Instances = [.. a.Instances, .. b.Instances],
            CapturedAt = a.CapturedAt > b.CapturedAt ? a.CapturedAt : b.CapturedAt,
            Arms = arms,
        };
    }

    /// <summary>Serializes the statistics as UTF-8 JSON (camel-case names, enums as strings, empty bins left out).</summary>
    /// <returns>The JSON bytes.</returns>
    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, JsonOptions);

    /// <summary>Reads statistics written by <see cref="ToUtf8Json"/>.</summary>
    /// <param name="utf8Json">The JSON bytes.</param>
    /// <returns>The statistics.</returns>
    /// <exception cref="ExperimentStatisticsMismatchException">The JSON is not valid statistics (the message says why).</exception>
    public static ExperimentStatistics FromUtf8Json(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            return JsonSerializer.Deserialize<ExperimentStatistics>(utf8Json, JsonOptions)
                ?? throw new ExperimentStatisticsMismatchException("a statistics document", "content", "it is JSON null");
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            throw new ExperimentStatisticsMismatchException("a statistics document", "content", ex.Message);
        }
    }
}
