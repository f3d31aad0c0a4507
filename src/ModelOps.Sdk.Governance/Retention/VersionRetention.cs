using System.Globalization;

namespace ModelOps.Sdk.Governance.Retention;

/// <summary>
/// The version rules of a retention policy, as one function of a model's state: the plan applies them to what it reads from the
/// registry, and <see cref="RetentionPurgeCondition"/> applies them again to the state a purge commits to, so both decide alike.
/// </summary>
internal static class VersionRetention
{
    /// <summary>The last moment any alias pointed to each version: <paramref name="now"/> for current targets, else when it moved away.</summary>
    /// <param name="history">Every change of every alias, deleted ones included; each alias's changes oldest first.</param>
    /// <param name="now">The time of the decision.</param>
    public static Dictionary<int, DateTimeOffset> LastTargeted(IEnumerable<AliasChange> history, DateTimeOffset now)
    {
        var last = new Dictionary<int, DateTimeOffset>();
        foreach (var alias in history.GroupBy(c => c.Alias, StringComparer.Ordinal))
        {
            var changes = alias.OrderBy(c => c.Sequence).ToArray();
            for (var i = 0; i < changes.Length; i++)
            {
                if (changes[i].Version is not { } target)
                {
                    continue;
                }

                var until = i + 1 < changes.Length ? changes[i + 1].Timestamp : now;
                if (!last.TryGetValue(target, out var seen) || until > seen)
                {
                    last[target] = until;
                }
            }
        }

        return last;
    }

    /// <summary>The aliases that point to each version now, in name order.</summary>
    public static Dictionary<int, string[]> CurrentTargets(IEnumerable<ModelAlias> aliases) =>
        aliases.GroupBy(a => a.Version).ToDictionary(g => g.Key, g => g.Select(a => a.Alias).Order(StringComparer.Ordinal).ToArray());

    /// <summary>Decides one unpurged version: kept when any rule keeps it, else purged.</summary>
    /// <param name="version">The version.</param>
    /// <param name="policy">The policy.</param>
    /// <param name="windows">The windows other features need kept.</param>
    /// <param name="now">The time of the decision.</param>
    /// <param name="latest">The model's highest version number (purged versions included).</param>
    /// <param name="current">The aliases pointing to each version now.</param>
    /// <param name="lastTargeted">The last moment an alias pointed to each version.</param>
    public static RetentionDecision Decide(
        ModelVersion version,
        RetentionPolicyDocument policy,
        RetentionOptions windows,
        DateTimeOffset now,
        int latest,
        IReadOnlyDictionary<int, string[]> current,
        IReadOnlyDictionary<int, DateTimeOffset> lastTargeted)
    {
        var rules = new List<string>();
        var words = new List<string>();
        DateTimeOffset? targeted = lastTargeted.TryGetValue(version.Version, out var t) ? t : null;
        if (current.TryGetValue(version.Version, out var aliases))
        {
            rules.Add(RetentionRules.InProduction);
            words.Add($"alias {string.Join(", ", aliases.Select(a => $"'{a}'"))} points to it");
        }

        if (version.Version > latest - policy.KeepLastVersions)
        {
            rules.Add(RetentionRules.LastVersions);
            words.Add($"among the last {policy.KeepLastVersions} versions (latest is {latest})");
        }

        if (targeted is { } when && when >= now - policy.KeepAliasTargetsFor)
        {
            rules.Add(RetentionRules.AliasWindow);
            words.Add($"an alias pointed to it until {when:O}, within {Days(policy.KeepAliasTargetsFor)}");
        }

        if (policy.KeepApproved && version.Status == ModelVersionStatus.Approved)
        {
            rules.Add(RetentionRules.Approved);
            words.Add("it is Approved");
        }

        var age = now - version.RegisteredAt;
        if (age < policy.MinimumAge)
        {
            rules.Add(RetentionRules.MinimumAge);
            words.Add($"registered {Days(age)} ago, younger than the minimum age {Days(policy.MinimumAge)}");
        }

        if (windows.PredictionLogReplayWindow > TimeSpan.Zero && targeted is { } replay && replay >= now - windows.PredictionLogReplayWindow)
        {
            rules.Add(RetentionRules.PredictionLogReplayWindow);
            words.Add($"an alias pointed to it until {replay:O}, within the prediction-log replay window {Days(windows.PredictionLogReplayWindow)}");
        }

        if (windows.ReportHistoryWindow > TimeSpan.Zero && targeted is { } shown && shown >= now - windows.ReportHistoryWindow)
        {
            rules.Add(RetentionRules.ReportHistoryWindow);
            words.Add($"an alias pointed to it until {shown:O}, within the report's history window {Days(windows.ReportHistoryWindow)}");
        }

        if (rules.Count > 0)
        {
            return new RetentionDecision(version.ModelName, version.Version, null, RetentionAction.Keep, rules, string.Join("; ", words));
        }

        var why = $"not among the last {policy.KeepLastVersions} versions (latest is {latest}); registered {Days(age)} ago (minimum age {Days(policy.MinimumAge)}); "
            + $"{version.Status}{(policy.KeepApproved ? string.Empty : " (approved versions are not kept)")}; "
            + (targeted is { } last ? $"an alias last pointed to it until {last:O}, longer ago than {Days(policy.KeepAliasTargetsFor)}" : "no alias ever pointed to it");
        return new RetentionDecision(version.ModelName, version.Version, null, RetentionAction.Purge, [RetentionRules.NoKeepRule], why);
    }

    /// <summary>A span for people: <c>30 days</c>, or <c>05:00:00</c> under a day.</summary>
    public static string Days(TimeSpan span) =>
        span.TotalDays >= 1 ? $"{span.TotalDays.ToString("0.#", CultureInfo.InvariantCulture)} days" : span.ToString("c", CultureInfo.InvariantCulture);
}
