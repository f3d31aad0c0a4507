namespace ModelOps.Sdk.Reporting;

/// <summary>The overview of a report: when it was made, in which time zone, over which scope, and one summary per model.</summary>
/// <param name="Title">The report's title.</param>
/// <param name="GeneratedAt">When it was generated (from the injected <see cref="TimeProvider"/>).</param>
/// <param name="TimeZone">The time zone dates are shown in.</param>
/// <param name="Scope">The models and period covered.</param>
/// <param name="Models">One summary per model, by name.</param>
public sealed record ReportOverview(string Title, DateTimeOffset GeneratedAt, TimeZoneInfo TimeZone, ReportScope Scope, IReadOnlyList<ModelSummary> Models);
