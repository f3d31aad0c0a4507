using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ModelOps.Sdk.Scoring;

/// <summary>
/// Reports the scorers of this container as a health check: healthy when every scorer serves the version it last tried to load,
/// degraded when a newer version failed to load and an older one keeps serving.
/// </summary>
/// <remarks>
/// Register it with <c>services.AddHealthChecks().AddCheck&lt;ModelScorersHealthCheck&gt;("models")</c>. The data of the result
/// lists each scorer (<c>model@alias</c>) with the version it serves and its last load error.
/// </remarks>
public sealed class ModelScorersHealthCheck : IHealthCheck
{
    private readonly ScorerTracker _tracker;

    internal ModelScorersHealthCheck(ScorerTracker tracker)
    {
        _tracker = tracker;
    }

    /// <inheritdoc/>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var scorers = _tracker.Snapshot();
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        var degraded = new List<string>();
        foreach (var (name, status) in scorers)
        {
            data[name] = status.Serving is { } serving ? $"serving version {serving.Version}" : "serving nothing";
            if (status.LastLoadError is { } error && status.LastErrorAt >= status.ServingSince)
            {
                data[name + ":lastLoadError"] = $"version {status.LastFailedVersion}: {error}";
                degraded.Add($"{name} failed to load version {status.LastFailedVersion}");
            }
        }

        var result = degraded.Count == 0
            ? HealthCheckResult.Healthy($"{scorers.Count} scorer(s) serving.", data)
            : HealthCheckResult.Degraded(string.Join("; ", degraded) + "; the previous versions keep serving.", data: data);
        return Task.FromResult(result);
    }
}
