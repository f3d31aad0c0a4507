namespace ModelOps.Sdk.Governance.Tests.Retention;

/// <summary>
/// A random history (<see cref="HistoryStep"/>) run on a <see cref="RetentionHost"/>'s registry and recorded here: when each version
/// was registered, approved and last pointed to by an alias; and from that record, which versions the retention rules keep now,
/// computed independently of the library's planner for the retention properties to compare against.
/// </summary>
internal sealed class RetentionHistory(RetentionHost host)
{
    private static readonly string[] AliasNames = ["blue", "green", "shadow"];
    private readonly List<DateTimeOffset> _registered = [];
    private readonly HashSet<int> _approved = [];
    private readonly Dictionary<string, int> _aliases = new(StringComparer.Ordinal);
    private readonly Dictionary<int, DateTimeOffset> _lastTargeted = [];

    /// <summary>Gets how many versions the history registered.</summary>
    public int Registered => _registered.Count;

    /// <summary>Runs one step: time passes, then a registration, an alias move (aimed at <paramref name="aimedAt"/> if given), an alias delete or an approval.</summary>
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
