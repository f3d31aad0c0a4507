using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ModelOps.Sdk.AspNetCore.HealthChecks;

/// <summary>Writes a health report as JSON: the overall status, and each check's status, description, duration and data.</summary>
internal static class ModelOpsHealthResponseWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["status"] = report.Status.ToString(),
            ["totalDurationMs"] = report.TotalDuration.TotalMilliseconds,
            ["checks"] = report.Entries.ToDictionary(
                e => e.Key,
                e => new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["status"] = e.Value.Status.ToString(),
                    ["description"] = e.Value.Description,
                    ["durationMs"] = e.Value.Duration.TotalMilliseconds,
                    ["tags"] = e.Value.Tags,
                    ["data"] = e.Value.Data.ToDictionary(d => d.Key, d => d.Value?.ToString(), StringComparer.Ordinal),
                },
                StringComparer.Ordinal),
        };

        // The exception of a check that threw stays in the server's logs; its message is in the description already.
        return JsonSerializer.SerializeAsync(context.Response.Body, body, cancellationToken: context.RequestAborted);
    }
}
