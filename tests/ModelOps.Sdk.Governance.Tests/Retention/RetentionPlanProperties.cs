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
    /// <summary>Sets the case's policy as the registry-wide default, and its replay and report windows.</summary>
    public void ApplyTo(RetentionOptions options)
    {
        options.DefaultPolicy = new RetentionPolicyDocument
        {
            KeepLastVersions = KeepLast,
            KeepAliasTargetsFor = TimeSpan.FromHours(AliasWindowHours),
            KeepApproved = KeepApproved,
            MinimumAge = TimeSpan.FromHours(MinimumAgeHours),
        };
        options.PredictionLogReplayWindow = TimeSpan.FromHours(ReplayHours);
        options.ReportHistoryWindow = TimeSpan.FromHours(ReportHours);
    }

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
    [Property(Arbitrary = [typeof(RetentionArbitraries)], MaxTest = 40)]
    public async Task PlanAsync_AnyHistory_PurgesExactlyTheVersionsNoRuleKeeps(RetentionCase c)
    {
        await using var host = RetentionHost.Create(c.ApplyTo);

        var history = new RetentionHistory(host);
        foreach (var step in c.Steps)
        {
            await history.RunAsync(step);
        }

        host.Time.Advance(TimeSpan.FromHours(1));
        var plan = await host.Retention.PlanAsync(RetentionHost.Model);

        var versionDecisions = plan.Decisions.Where(d => d.Document is null).ToDictionary(d => d.Version!.Value);
        Assert.Equal(history.Registered, versionDecisions.Count);
        for (var v = 1; v <= history.Registered; v++)
        {
            var kept = history.Keeps(v, c);
            var decision = versionDecisions[v];
            Assert.True(kept == (decision.Action == RetentionAction.Keep), $"version {v}: expected {(kept ? "keep" : "purge")}, planned {decision.Action} ({string.Join(",", decision.Rules)}: {decision.Explanation})");
        }
    }
}
