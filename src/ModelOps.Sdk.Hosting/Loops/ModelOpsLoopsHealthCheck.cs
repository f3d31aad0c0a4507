using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ModelOps.Sdk.Loops;

namespace ModelOps.Sdk.Hosting.Loops;

/// <summary>
/// Reports the background loops of the container (<see cref="IModelOpsLoop"/>: monitors that follow an alias...) as a health check:
/// healthy when each loop's last run came after its last error and nothing needs attention; degraded when a loop's last run failed
/// or a loop reports a condition that needs attention (for example a served version that is not monitored).
/// </summary>
/// <remarks>
/// Register it with <c>services.AddHealthChecks().AddCheck&lt;ModelOpsLoopsHealthCheck&gt;("modelops-loops")</c>. The data lists,
/// for each loop, <c>name:lastRunAt</c>, and when set <c>name:lastError</c>, <c>name:lastErrorAt</c> and <c>name:attention</c>.
/// </remarks>
public sealed class ModelOpsLoopsHealthCheck : IHealthCheck
{
    private readonly IEnumerable<IModelOpsLoop> _loops;

    /// <summary>Creates the check over the registered loops.</summary>
    /// <param name="loops">The loops.</param>
    public ModelOpsLoopsHealthCheck(IEnumerable<IModelOpsLoop> loops)
    {
        ArgumentNullException.ThrowIfNull(loops);
        _loops = loops;
    }

    /// <inheritdoc/>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        var problems = new List<string>();
        var count = 0;
        foreach (var loop in _loops)
        {
            count++;
            var status = loop.Status;
            data[loop.Name + ":lastRunAt"] = status.LastRunAt?.ToString("o", CultureInfo.InvariantCulture) ?? "never";
            if (status.LastError is { } error)
            {
                data[loop.Name + ":lastError"] = error;
                data[loop.Name + ":lastErrorAt"] = status.LastErrorAt?.ToString("o", CultureInfo.InvariantCulture) ?? "unknown";
                if (status.LastRunAt is null || status.LastErrorAt >= status.LastRunAt)
                {
                    problems.Add($"{loop.Name} failed: {error}");
                }
            }

            if (status.Attention is { } attention)
            {
                data[loop.Name + ":attention"] = attention;
                problems.Add(attention);
            }
        }

        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy($"{count} loop(s) running.", data)
            : HealthCheckResult.Degraded(string.Join("; ", problems) + ".", data: data));
    }
}
