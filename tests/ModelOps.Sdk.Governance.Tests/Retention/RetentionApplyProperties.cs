using FsCheck.Xunit;
using ModelOps.Sdk.Governance.Retention;

namespace ModelOps.Sdk.Governance.Tests.Retention;

/// <summary>
/// Applying retention never purges a version the policy keeps at the moment of its purge: a random history (registrations,
/// approvals, alias moves and deletes, time passing) runs, then retention is applied while the rest of the history runs between
/// the plan and the purges (one step before each purge commits, its alias move or approval aimed at that version half the time). At each purge the rules are recomputed here from the history
/// itself; a version they keep must stay and be reported as skipped, and a version none keeps must be purged.
/// </summary>
public sealed class RetentionApplyProperties
{
    private static readonly string[] AliasNames = ["blue", "green", "shadow"];

    [Property(Arbitrary = [typeof(RetentionArbitraries)], MaxTest = 40)]
    public async Task ApplyAsync_HistoryChangingDuringTheApply_NeverPurgesAVersionThePolicyKeepsAtItsPurge(RetentionCase c)
    {
        var guard = new BeforePurgeGuard();
        await using var host = RetentionHost.Create(
            o =>
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
            },
            b => b.UseInMemory().AddOperationGuard(guard));
        var history = new History(host);
        var split = (c.Steps.Count + 1) / 2;
        foreach (var step in c.Steps.Take(split))
        {
            await history.RunAsync(step);
        }

        host.Time.Advance(TimeSpan.FromDays(30));
        var pending = new Queue<HistoryStep>(c.Steps.Skip(split));
        var keptAtPurge = new Dictionary<int, bool>();
        guard.BeforePurge = async version =>
        {
            // The step's alias move or approval is aimed at the version about to be purged, half the time.
            if (pending.TryDequeue(out var step))
            {
                await history.RunAsync(step, step.Pick % 2 == 0 ? version : null);
            }

            host.As("adam", "model-admin");
            keptAtPurge[version] = history.Keeps(version, c);
        };

        var result = await host.As("adam", "model-admin").Retention.ApplyAsync(RetentionHost.Model, "property");

        Assert.Equal(keptAtPurge.Count, result.Purged.Count(d => d.Document is null) + result.Skipped.Count);
        foreach (var (version, kept) in keptAtPurge)
        {
            var record = await host.Registry.GetVersionAsync(RetentionHost.Model, version);
            Assert.True(kept == (record.Purged is null), $"version {version}: kept by the rules at its purge: {kept}, purged: {record.Purged is not null}");
            if (kept)
            {
                Assert.NotEmpty(Assert.Single(result.Skipped, s => s.Decision.Version == version).Rules);
            }
        }
    }

    /// <summary>The history as it runs on the registry, recorded here: when each version was registered, approved, last pointed to.</summary>
    private sealed class History(RetentionHost host)
    {
        private readonly List<DateTimeOffset> _registered = [];
        private readonly HashSet<int> _approved = [];
        private readonly Dictionary<string, int> _aliases = new(StringComparer.Ordinal);
        private readonly Dictionary<int, DateTimeOffset> _lastTargeted = [];

        public async Task RunAsync(HistoryStep step, int? aimedAt = null)
        {
            host.Time.Advance(TimeSpan.FromHours(step.Hours));
            var now = host.Time.GetUtcNow();
            var alias = AliasNames[step.Alias];
            switch (step.Action)
            {
                case 0:
                    await host.RegisterAsync();
                    _registered.Add(now);
                    break;
                case 1:
                    var target = aimedAt ?? 1 + (step.Pick % _registered.Count);
                    if ((await host.Registry.GetVersionAsync(RetentionHost.Model, target)).Purged is not null)
                    {
                        break; // an alias never points to a purged version
                    }

                    if (_aliases.TryGetValue(alias, out var before))
                    {
                        _lastTargeted[before] = Latest(before, now);
                    }

                    await host.As("dana").Registry.SetAliasAsync(RetentionHost.Model, alias, target);
                    _aliases[alias] = target;
                    break;
                case 2 when _aliases.Remove(alias, out var deleted):
                    _lastTargeted[deleted] = Latest(deleted, now);
                    await host.As("dana").Registry.DeleteAliasAsync(RetentionHost.Model, alias);
                    break;
                case 3:
                    var version = aimedAt ?? 1 + (step.Pick % _registered.Count);
                    if ((await host.Registry.GetVersionAsync(RetentionHost.Model, version)).Purged is null && _approved.Add(version))
                    {
                        await host.ApproveAsync(version);
                    }

                    break;
            }
        }

        /// <summary>Whether any rule keeps the version now.</summary>
        public bool Keeps(int v, RetentionCase c)
        {
            var now = host.Time.GetUtcNow();
            bool Within(int hours) => hours > 0 && LastTargeted(v, now) is { } at && at >= now - TimeSpan.FromHours(hours);
            return _aliases.ContainsValue(v)
                || v > _registered.Count - c.KeepLast
                || (c.KeepApproved && _approved.Contains(v))
                || now - _registered[v - 1] < TimeSpan.FromHours(c.MinimumAgeHours)
                || (LastTargeted(v, now) is { } last && last >= now - TimeSpan.FromHours(c.AliasWindowHours))
                || Within(c.ReplayHours)
                || Within(c.ReportHours);
        }

        private DateTimeOffset? LastTargeted(int v, DateTimeOffset now) =>
            _aliases.ContainsValue(v) ? now : _lastTargeted.TryGetValue(v, out var at) ? at : null;

        private DateTimeOffset Latest(int version, DateTimeOffset at) =>
            _lastTargeted.TryGetValue(version, out var earlier) && earlier > at ? earlier : at;
    }
}
