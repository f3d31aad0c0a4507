using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelOps.Sdk.Governance.Retention;

/// <summary>
/// A retention policy: which versions of a model, and which of its growing documents, are kept, so the rest can be purged. A
/// version goes only when no rule keeps it; a version an alias points to now is always kept. Stored in the registry with
/// <see cref="IRetentionService.SetPolicyAsync"/> (governed and audited like a promotion policy), or configured
/// (<see cref="RetentionOptions"/>).
/// </summary>
/// <remarks>
/// In JSON (names are case-insensitive; durations in the .NET format <c>d.hh:mm:ss</c>; a property this type does not have is refused):
/// <code>
/// { "keepLastVersions": 10, "keepAliasTargetsFor": "90.00:00:00", "keepApproved": true, "minimumAge": "30.00:00:00",
///   "monitoringReports": { "maxAge": "365.00:00:00", "keepLast": 1000 },
///   "experimentStatistics": { "maxAge": "90.00:00:00", "keepLast": 100 },
///   "scorerTelemetry": { "maxAge": "90.00:00:00", "keepLast": 10000 } }
/// </code>
/// Every property is optional; <c>{}</c> is the policy with the defaults below.
/// </remarks>
public sealed record RetentionPolicyDocument
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Gets how many of the model's latest versions are kept, whatever else holds.</summary>
    /// <value>The default value is 10. At least 1.</value>
    public int KeepLastVersions { get; init; } = 10;

    /// <summary>Gets how long after an alias last pointed to a version the version is kept (rolling back to it stays possible).</summary>
    /// <value>The default value is 90 days. Not negative.</value>
    public TimeSpan KeepAliasTargetsFor { get; init; } = TimeSpan.FromDays(90);

    /// <summary>Gets whether <see cref="ModelVersionStatus.Approved"/> versions are kept.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool KeepApproved { get; init; } = true;

    /// <summary>Gets how long after registration a version is kept in any case.</summary>
    /// <value>The default value is 30 days. Not negative.</value>
    public TimeSpan MinimumAge { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Gets the retention of monitoring reports (<see cref="DocumentKinds.MonitoringReport"/>), per version.</summary>
    /// <value>The default value keeps a year and at most the latest 1,000 per version.</value>
    public DocumentRetention MonitoringReports { get; init; } = new(TimeSpan.FromDays(365), 1000);

    /// <summary>Gets the retention of experiment statistics snapshots (<see cref="DocumentKinds.ExperimentStatistics"/>), per model.</summary>
    /// <value>The default value keeps 90 days and at most the latest 100 per model.</value>
    public DocumentRetention ExperimentStatistics { get; init; } = new(TimeSpan.FromDays(90), 100);

    /// <summary>
    /// Gets the retention of scorer telemetry, per version: single-period snapshots (<see cref="DocumentKinds.ScorerTelemetry"/>, as
    /// earlier versions saved them) and series (<see cref="DocumentKinds.ScorerTelemetrySeries"/>, each counted once: its latest
    /// revision; a superseded revision always goes, as the latest holds its periods).
    /// </summary>
    /// <value>The default value keeps 90 days and at most the latest 10,000 per version of each kind (90 days of hourly snapshots
    /// from four instances is 8,640).</value>
    public DocumentRetention ScorerTelemetry { get; init; } = new(TimeSpan.FromDays(90), 10_000);

    /// <summary>Reads a policy from JSON and validates it.</summary>
    /// <param name="json">The UTF-8 JSON.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="InvalidRetentionPolicyException">It is not a valid policy; every problem is named by field.</exception>
    public static RetentionPolicyDocument FromJson(ReadOnlySpan<byte> json)
    {
        RetentionPolicyDocument? policy;
        try
        {
            policy = JsonSerializer.Deserialize<RetentionPolicyDocument>(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new InvalidRetentionPolicyException(null, [$"{(string.IsNullOrEmpty(ex.Path) ? "$" : ex.Path)}: {ex.Message}"]);
        }

        policy = policy ?? throw new InvalidRetentionPolicyException(null, ["$: the policy is null"]);
        policy.ThrowIfInvalid(null);
        return policy;
    }

    /// <summary>Reads a policy from JSON text and validates it.</summary>
    /// <param name="json">The JSON.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="InvalidRetentionPolicyException">It is not a valid policy.</exception>
    public static RetentionPolicyDocument FromJson(string json) => FromJson(System.Text.Encoding.UTF8.GetBytes(json ?? throw new ArgumentNullException(nameof(json))));

    /// <summary>Writes the policy as indented JSON, every property included.</summary>
    /// <returns>The UTF-8 JSON.</returns>
    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, JsonOptions);

    /// <summary>Lists what is wrong with the policy, each naming its field; empty when it is valid.</summary>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (KeepLastVersions < 1)
        {
            errors.Add($"keepLastVersions: {KeepLastVersions} is less than 1 (a model's latest version is always kept)");
        }

        if (KeepAliasTargetsFor < TimeSpan.Zero)
        {
            errors.Add($"keepAliasTargetsFor: {KeepAliasTargetsFor} is negative");
        }

        if (MinimumAge < TimeSpan.Zero)
        {
            errors.Add($"minimumAge: {MinimumAge} is negative");
        }

        Check(errors, "monitoringReports", MonitoringReports);
        Check(errors, "experimentStatistics", ExperimentStatistics);
        Check(errors, "scorerTelemetry", ScorerTelemetry);
        return errors;
    }

    internal void ThrowIfInvalid(string? modelName)
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new InvalidRetentionPolicyException(modelName, errors);
        }
    }

    private static void Check(List<string> errors, string field, DocumentRetention? retention)
    {
        if (retention is null)
        {
            errors.Add($"{field}: it is null (omit it for the defaults)");
            return;
        }

        if (retention.MaxAge is { } age && age <= TimeSpan.Zero)
        {
            errors.Add($"{field}.maxAge: {age} is not positive");
        }

        if (retention.KeepLast is { } last && last < 1)
        {
            errors.Add($"{field}.keepLast: {last} is less than 1");
        }
    }
}
