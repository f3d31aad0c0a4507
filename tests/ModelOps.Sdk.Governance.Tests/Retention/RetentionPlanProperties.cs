using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ModelOps.Sdk.Governance.Retention;

namespace ModelOps.Sdk.Governance.Tests.Retention;

/// <summary>One step of a model's history: time passes, then a version is registered or approved, or an alias moves or goes.</summary>
public sealed record HistoryStep(int Hours, int Action, int Alias, int Pick)
{
    public override string ToString() => $"+{Hours}h " + (Action switch { 0 => "register", 1 => $"alias{Alias} -> #{Pick}", 2 => $"delete alias{Alias}", _ => $"approve #{Pick}" });
}

/// <summary>A history with the policy and the windows retention is asked to apply to it.</summary>
public sealed record RetentionCase(IReadOnlyList<HistoryStep> Steps, int KeepLast, int AliasWindowHours, bool KeepApproved, int MinimumAgeHours, int ReplayHours, int ReportHours)
{
    public override string ToString() =>
        $"keepLast {KeepLast}, aliasWindow {AliasWindowHours}h, keepApproved {KeepApproved}, minimumAge {MinimumAgeHours}h, replay {ReplayHours}h, report {ReportHours}h: {string.Join("; ", Steps)}";
}

public static class RetentionArbitraries
{
    public static Arbitrary<RetentionCase> Cases()
    {
        var step =
            from hours in Gen.OneOf(Gen.Constant(0), Gen.Choose(1, 24), Gen.Choose(24, 24 * 40))
            from action in Gen.Frequency((4, Gen.Constant(0)), (4, Gen.Constant(1)), (1, Gen.Constant(2)), (2, Gen.Constant(3)))
            from alias in Gen.Choose(0, 2)
            from pick in Gen.Choose(0, 1000)
            select new HistoryStep(hours, action, alias, pick);
        var hoursWindow = Gen.OneOf(Gen.Constant(0), Gen.Choose(1, 24 * 60));
        var gen =
            from steps in Gen.ListOf(step).Where(s => s.Count is >= 1 and <= 18).Select(s => (IReadOnlyList<HistoryStep>)[new HistoryStep(0, 0, 0, 0), .. s])
            from keepLast in Gen.Choose(1, 5)
            from aliasWindow in hoursWindow
            from keepApproved in Gen.Elements(true, false)
            from minimumAge in hoursWindow
            from replay in hoursWindow
            from report in hoursWindow
            select new RetentionCase(steps, keepLast, aliasWindow, keepApproved, minimumAge, replay, report);
        return gen.ToArbitrary();
    }
}

/// <summary>
/// The plan never selects a version a rule keeps: an alias target now, within the last N, Approved (when kept), younger than the
/// minimum age, or an alias target within the alias window, the prediction-log replay window or the report's history window; and
/// it selects every version none of them keeps. The rules are recomputed here from the history itself, not from the registry.
/// </summary>
public sealed class RetentionPlanProperties
{
    private static readonly string[] AliasNames = ["blue", "green", "shadow"];

    [Property(Arbitrary = [typeof(RetentionArbitraries)], MaxTest = 40)]
    public async Task PlanAsync_AnyHistory_PurgesExactlyTheVersionsNoRuleKeeps(RetentionCase c)
    {
        await using var host = RetentionHost.Create(o =>
        {
            o.DefaultPolicy = new RetentionPolicyDocument
            {
                KeepLastVersions = c.KeepLast,
                KeepAliasTargetsFor = TimeSpan.FromHours(c.AliasWindowHours),
                KeepApproved = c.KeepApproved,
                MinimumAge = TimeSpan.FromHours(c.MinimumAgeHours),
            };
            o.PredictionLogReplayWindow = TimeSpan.FromHours(c.ReplayHours);
            o.ReportHistoryWindow = TimeSpan.FromHours(c.ReportHours);
        });

        // The history, replayed on the registry and recorded here: when each version was registered, approved, and last pointed to.
        var registered = new List<DateTimeOffset>();
        var approved = new HashSet<int>();
        var aliases = new Dictionary<string, int>();
        var lastTargeted = new Dictionary<int, DateTimeOffset>();
        foreach (var step in c.Steps)
        {
            host.Time.Advance(TimeSpan.FromHours(step.Hours));
            var now = host.Time.GetUtcNow();
            var alias = AliasNames[step.Alias];
            switch (step.Action)
            {
                case 0:
                    await host.RegisterAsync();
                    registered.Add(now);
                    break;
                case 1:
                    var target = 1 + (step.Pick % registered.Count);
                    if (aliases.TryGetValue(alias, out var before))
                    {
                        lastTargeted[before] = Max(lastTargeted, before, now);
                    }

                    await host.As("dana").Registry.SetAliasAsync(RetentionHost.Model, alias, target);
                    aliases[alias] = target;
                    break;
                case 2 when aliases.Remove(alias, out var deleted):
                    lastTargeted[deleted] = Max(lastTargeted, deleted, now);
                    await host.As("dana").Registry.DeleteAliasAsync(RetentionHost.Model, alias);
                    break;
                case 3:
                    var version = 1 + (step.Pick % registered.Count);
                    if (approved.Add(version))
                    {
                        await host.ApproveAsync(version);
                    }

                    break;
            }
        }

        host.Time.Advance(TimeSpan.FromHours(1));
        var end = host.Time.GetUtcNow();
        foreach (var current in aliases.Values)
        {
            lastTargeted[current] = end;
        }

        var plan = await host.Retention.PlanAsync(RetentionHost.Model);

        var versionDecisions = plan.Decisions.Where(d => d.Document is null).ToDictionary(d => d.Version!.Value);
        Assert.Equal(registered.Count, versionDecisions.Count);
        for (var v = 1; v <= registered.Count; v++)
        {
            bool Within(int hours) => hours > 0 && lastTargeted.TryGetValue(v, out var at) && at >= end - TimeSpan.FromHours(hours);
            var kept = aliases.ContainsValue(v)
                || v > registered.Count - c.KeepLast
                || (c.KeepApproved && approved.Contains(v))
                || end - registered[v - 1] < TimeSpan.FromHours(c.MinimumAgeHours)
                || (lastTargeted.TryGetValue(v, out var last) && last >= end - TimeSpan.FromHours(c.AliasWindowHours))
                || Within(c.ReplayHours)
                || Within(c.ReportHours);
            var decision = versionDecisions[v];
            Assert.True(kept == (decision.Action == RetentionAction.Keep), $"version {v}: expected {(kept ? "keep" : "purge")}, planned {decision.Action} ({string.Join(",", decision.Rules)}: {decision.Explanation})");
        }
    }

    private static DateTimeOffset Max(Dictionary<int, DateTimeOffset> seen, int version, DateTimeOffset at) =>
        seen.TryGetValue(version, out var earlier) && earlier > at ? earlier : at;
}
