using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ModelOps.Sdk.Registry;

/// <summary>
/// Reports whether the registry reads a store that answers: healthy while it does; degraded while the metadata store is
/// unreachable after the registry has loaded it once (reads answer from the last known state, writes fail) or while a model's audit
/// chain is broken; unhealthy while the registry has never loaded the store because it cannot be reached.
/// </summary>
/// <remarks>
/// <para>Registered by <c>AddModelOps</c>; add it to the host's checks with
/// <c>services.AddHealthChecks().AddCheck&lt;ModelStoreHealthCheck&gt;("modelops-store")</c>, or with ModelOps.Sdk.AspNetCore's
/// <c>AddHealthChecks()</c>, which tags it for readiness.</para>
/// <para>It reports what the registry has seen, without a round trip to the store, once the registry has loaded it; before that,
/// each check asks the registry to load the store (the same read the first call would make). The data of the result:
/// <c>staleness</c>, the seconds since the registry last caught up with the store (<see cref="IModelRegistry.Staleness"/>);
/// while the store is unreachable, <c>storeUnreachableSince</c> and <c>lastStoreError</c>; <c>brokenChain:&lt;model&gt;</c> for
/// each model whose audit chain is broken. Over a store that reads one scope at a time the registry checks the models it has folded
/// (the ones this instance used) and, once it has listed or searched models, every model; <c>VerifyAuditLogAsync</c> checks any.</para>
/// </remarks>
public sealed class ModelStoreHealthCheck : IHealthCheck
{
    private readonly ModelRegistry _registry;

    internal ModelStoreHealthCheck(ModelRegistry registry) => _registry = registry;

    /// <inheritdoc/>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        if (_registry.Staleness is null)
        {
            try
            {
                await _registry.RefreshAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (StorageUnavailableException ex)
            {
                data["lastStoreError"] = ex.Message;
                return HealthCheckResult.Unhealthy("The metadata store cannot be reached and the registry has never loaded it: nothing can be served.", data: data);
            }
        }

        if (_registry.Staleness is { } staleness)
        {
            data["staleness"] = staleness.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        }

        var degraded = new List<string>();
        if (_registry.Outage is { } outage)
        {
            data["storeUnreachableSince"] = outage.Since.ToString("o", CultureInfo.InvariantCulture);
            data["lastStoreError"] = outage.LastError?.Message ?? "unknown";
            degraded.Add(string.Create(CultureInfo.InvariantCulture,
                $"the metadata store is unreachable since {outage.Since:o}: the registry answers from its last known state, {_registry.Staleness?.TotalSeconds:0.#} s old, and writes fail"));
        }

        foreach (var broken in _registry.ChainBreaks)
        {
            data["brokenChain:" + broken.Scope] = $"entry {broken.Index} ({broken.Kind})";
            degraded.Add($"the audit chain of '{broken.Scope}' is broken at entry {broken.Index}: that model is neither served nor changed");
        }

        return degraded.Count == 0
            ? HealthCheckResult.Healthy("The metadata store answers.", data)
            : HealthCheckResult.Degraded(string.Join("; ", degraded) + ".", data: data);
    }
}
