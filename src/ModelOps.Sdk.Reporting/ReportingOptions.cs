using ModelOps.Sdk.Configuration;

namespace ModelOps.Sdk.Reporting;

/// <summary>
/// The options of <c>builder.AddReporting(...)</c>: which aliases are the champion and the challenger, and the time zone dates
/// are shown in. Validated at host start and on the first resolution of <see cref="IModelOpsReportGenerator"/>.
/// </summary>
[ModelOpsOptionsSection(SectionName)]
public sealed class ReportingOptions
{
    /// <summary>The configuration section these options bind from, relative to the <c>ModelOps</c> section: <c>ModelOps:Reporting</c>.</summary>
    public const string SectionName = "Reporting";

    /// <summary>Gets or sets the alias whose version decides today.</summary>
    /// <value>The default value is <c>champion</c>.</value>
    public string ChampionAlias { get; set; } = "champion";

    /// <summary>Gets or sets the alias of the version under evaluation against the champion.</summary>
    /// <value>The default value is <c>challenger</c>.</value>
    public string ChallengerAlias { get; set; } = "challenger";

    /// <summary>
    /// Gets or sets the time zone the report shows dates in, as a system time-zone id (IANA, for example <c>Europe/Berlin</c>, or
    /// Windows). The report names it next to every table of dates.
    /// </summary>
    /// <value>The default value is <c>UTC</c>.</value>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Gets or sets the report's title, shown as its first heading and in the browser's tab.</summary>
    /// <value>The default value is <c>Model operations report</c>.</value>
    public string Title { get; set; } = "Model operations report";

    /// <summary>Gets or sets how many of the latest monitoring windows of a version the per-feature drift table shows.</summary>
    /// <value>The default value is 10.</value>
    public int FeatureDriftWindows { get; set; } = 10;

    /// <summary>
    /// Gets or sets how many models a report over several models reads at once. The models are still rendered one at a time and
    /// in name order; while one is rendered, the next ones are read, so a report uses up to this many cores, and holds at most
    /// this many models' content (<see cref="ModelSection"/>) in memory. 1 reads one model at a time.
    /// </summary>
    /// <value>
    /// The default value is the number of processors (<see cref="Environment.ProcessorCount"/>), at most 4: on 2 cores, reading 4
    /// at once was slower than 2 (more survives each collection). At least 1 and at most 64.
    /// </value>
    public int MaxConcurrentModelReads { get; set; } = Math.Clamp(Environment.ProcessorCount, 1, 4);
}
