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
    [Property(Arbitrary = [typeof(RetentionArbitraries)], MaxTest = 40)]
    public async Task ApplyAsync_HistoryChangingDuringTheApply_NeverPurgesAVersionThePolicyKeepsAtItsPurge(RetentionCase c)
    {
        var guard = new BeforePurgeGuard();
        await using var host = RetentionHost.Create(c.ApplyTo, b => b.UseInMemory().AddOperationGuard(guard));
        var history = new RetentionHistory(host);
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
}
