using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace ModelOps.Sdk.AspNetCore.Dashboard;

/// <summary>What was wrong with the period a dashboard request asked for: the query parameter, and a message that says how to fix it.</summary>
internal sealed record DashboardPeriodProblem(string Parameter, string Message);

/// <summary>
/// The period of a dashboard request, from its <c>from</c> and <c>to</c> query parameters: ISO 8601 dates or date-times, UTC when no
/// offset is given, <c>from</c> inclusive and <c>to</c> exclusive, as the tool's <c>modelops report --from --to</c> reads them.
/// </summary>
internal static class DashboardPeriod
{
    public static bool TryRead(IQueryCollection query, out DateTimeOffset? from, out DateTimeOffset? to, out DashboardPeriodProblem? problem)
    {
        to = null;
        if (!TryReadOne(query, "from", out from, out problem) || !TryReadOne(query, "to", out to, out problem))
        {
            return false;
        }

        if (from is { } start && to is { } end && end <= start)
        {
            problem = new DashboardPeriodProblem("to", string.Create(CultureInfo.InvariantCulture,
                $"The query parameter 'to' ({end:o}) must be after 'from' ({start:o})."));
            return false;
        }

        return true;
    }

    private static bool TryReadOne(IQueryCollection query, string name, out DateTimeOffset? value, out DashboardPeriodProblem? problem)
    {
        value = null;
        problem = null;
        var values = query[name];
        if (values.Count == 0)
        {
            return true;
        }

        // The value is not echoed back: the message says which parameter and what shape it must have.
        if (values.Count > 1)
        {
            problem = new DashboardPeriodProblem(name, $"The query parameter '{name}' is given {values.Count} times; give it once.");
            return false;
        }

        if (!DateTimeOffset.TryParse(values[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            problem = new DashboardPeriodProblem(name,
                $"The query parameter '{name}' is not an ISO 8601 date or date-time (for example 2026-03-01 or 2026-03-01T09:00:00Z).");
            return false;
        }

        value = parsed;
        return true;
    }
}
