using System.Collections.Concurrent;

namespace ModelOps.Sdk.Scoring;

/// <summary>The live scorers of a container, for the health check.</summary>
internal sealed class ScorerTracker
{
    private readonly ConcurrentDictionary<object, Func<(string Name, ScorerStatus Status)>> _scorers = new(ReferenceEqualityComparer.Instance);

    public void Add(object scorer, Func<(string Name, ScorerStatus Status)> describe) => _scorers[scorer] = describe;

    public void Remove(object scorer) => _scorers.TryRemove(scorer, out _);

    public IReadOnlyList<(string Name, ScorerStatus Status)> Snapshot() => _scorers.Values.Select(d => d()).OrderBy(s => s.Name, StringComparer.Ordinal).ToArray();
}
