using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ModelOps.Sdk.Registry;

namespace ModelOps.Sdk.Scoring;

/// <summary>
/// Reports the scorers and the registry of this container as a health check: healthy when every scorer serves the version it last
/// tried to load and the registry reads a store that answers; degraded when a newer version failed to load and an older one keeps
/// serving, when the metadata store is unreachable (the registry answers from its last known state), or when a model's audit chain
/// is broken; unhealthy while a scorer listed in <see cref="ModelScorersHealthCheckOptions.RequiredScorers"/> serves no version yet
/// (a scorer registered with <c>AddScorer</c> of ModelOps.Sdk.Hosting before its first load).
/// </summary>
/// <remarks>
/// Register it with <c>services.AddHealthChecks().AddCheck&lt;ModelScorersHealthCheck&gt;("models")</c>. The data of the result
/// lists each scorer (<c>model@alias</c>) with the version it serves and its last load error; <c>registry:staleness</c>, the seconds
/// since the registry last caught up with the store (<see cref="IModelRegistry.Staleness"/>); while the store is unreachable,
/// <c>registry:storeUnreachableSince</c> and <c>registry:lastStoreError</c>; and <c>registry:brokenChain:&lt;model&gt;</c> for each
/// model whose audit chain is broken (see <see cref="AuditChainBrokenException"/>).
/// </remarks>
public sealed class ModelScorersHealthCheck : IHealthCheck
{
    private readonly ScorerTracker _tracker;
    private readonly ModelRegistry _registry;
    private readonly ModelScorersHealthCheckOptions _options;

    internal ModelScorersHealthCheck(ScorerTracker tracker, ModelRegistry registry, ModelScorersHealthCheckOptions options)
    {
        _tracker = tracker;
        _registry = registry;
        _options = options;
    }

    /// <inheritdoc/>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var scorers = _tracker.Snapshot();
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        var degraded = new List<string>();
        var unhealthy = new List<string>();
        var servingNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, status) in scorers)
        {
            if (status.Serving is not null)
            {
                servingNames.Add(name);
            }

            data[name] = status.Serving is { } serving ? $"serving version {serving.Version}" : "serving nothing";
            if (status.LastLoadError is { } error && status.LastErrorAt >= status.ServingSince)
            {
                data[name + ":lastLoadError"] = $"version {status.LastFailedVersion}: {error}";
                degraded.Add($"{name} failed to load version {status.LastFailedVersion} (the previous version keeps serving)");
            }
        }

        foreach (var required in _options.RequiredScorers.Order(StringComparer.Ordinal))
        {
            if (!servingNames.Contains(required))
            {
                data.TryAdd(required, "serving nothing");
                unhealthy.Add($"{required} serves no version yet");
            }
        }

        if (_registry.Staleness is { } staleness)
        {
            data["registry:staleness"] = staleness.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        }

        if (_registry.Outage is { } outage)
        {
            data["registry:storeUnreachableSince"] = outage.Since.ToString("o", CultureInfo.InvariantCulture);
            data["registry:lastStoreError"] = outage.LastError?.Message ?? "unknown";
            degraded.Add(string.Create(CultureInfo.InvariantCulture,
                $"the metadata store is unreachable since {outage.Since:o}: the registry answers from its last known state, {_registry.Staleness?.TotalSeconds:0.#} s old, and writes fail"));
        }

        foreach (var broken in _registry.ChainBreaks)
        {
            data["registry:brokenChain:" + broken.Scope] = $"entry {broken.Index} ({broken.Kind}): {broken.Detail}";
            degraded.Add($"the audit chain of '{broken.Scope}' is broken at entry {broken.Index}");
        }

        var result = unhealthy.Count > 0
            ? HealthCheckResult.Unhealthy(string.Join("; ", unhealthy.Concat(degraded)) + ".", data: data)
            : degraded.Count == 0
                ? HealthCheckResult.Healthy($"{servingNames.Count} scorer(s) serving.", data)
                : HealthCheckResult.Degraded(string.Join("; ", degraded) + ".", data: data);
        return Task.FromResult(result);
    }
}
