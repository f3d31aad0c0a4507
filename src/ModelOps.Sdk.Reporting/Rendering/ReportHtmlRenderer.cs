using System.Globalization;
using System.Net;
using System.Text;
using ModelOps.Sdk.Monitoring.ConceptDrift;
using ModelOps.Sdk.Monitoring.Fairness;
using ModelOps.Sdk.Routing.Evaluation;
using ModelOps.Sdk.Routing.Statistics;

namespace ModelOps.Sdk.Reporting;

/// <summary>
/// Renders report content as HTML: the document's head (inline CSS, no script, nothing fetched), the overview, and one model's
/// section, each on its own so a host can serve them as separate pages. Dates are shown in one time zone, which the overview names;
/// numbers use the invariant culture with their units; every chart is inline SVG with a title and a description, and every state
/// shown in colour is also written out in words.
/// </summary>
public sealed class ReportHtmlRenderer
{
    private const string Style = """
        :root{color-scheme:light}
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#fff;margin:0;line-height:1.45}
        main{max-width:1180px;margin:0 auto;padding:24px}
        h1{font-size:1.8rem;margin:0 0 .25rem}h2{font-size:1.4rem;margin:2rem 0 .5rem;border-bottom:2px solid #1a1a1a}
        h3{font-size:1.15rem;margin:1.5rem 0 .5rem}h4{font-size:1rem;margin:1rem 0 .4rem}
        .meta{color:#333;margin:.25rem 0}
        table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.9rem}
        caption{text-align:left;font-weight:600;padding:.25rem 0}
        th,td{border:1px solid #8a8a8a;padding:.3rem .5rem;text-align:left;vertical-align:top}
        th{background:#ececec}
        td.num{text-align:right;font-variant-numeric:tabular-nums}
        .badge{display:inline-block;border:1px solid #1a1a1a;border-radius:3px;padding:0 .35rem;font-weight:600;white-space:nowrap}
        .ok{background:#dff0d8;color:#173d17}.warn{background:#fff1c2;color:#4d3800}.bad{background:#f9dedc;color:#5c0f0b}.none{background:#eee;color:#1a1a1a}
        ul.headlines{list-style:none;padding:0}ul.headlines li{margin:.3rem 0}
        figure{margin:.5rem 0 1rem}figcaption{font-size:.85rem;color:#333}
        a{color:#0b4aa8}
        @media print{main{max-width:none;padding:0}section.model{break-before:page}tr,svg{break-inside:avoid}thead{display:table-header-group}a{color:#1a1a1a}}
        """;

    private static readonly CultureInfo C = CultureInfo.InvariantCulture;
    private readonly TimeZoneInfo _zone;
    private readonly int _featureWindows;

    /// <summary>Initializes a new instance of the <see cref="ReportHtmlRenderer"/> class.</summary>
    /// <param name="timeZone">The time zone dates are shown in.</param>
    /// <param name="featureDriftWindows">How many of the latest windows the per-feature drift table shows (at least 1).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="featureDriftWindows"/> is less than 1.</exception>
    public ReportHtmlRenderer(TimeZoneInfo timeZone, int featureDriftWindows = 10)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        ArgumentOutOfRangeException.ThrowIfLessThan(featureDriftWindows, 1);
        _zone = timeZone;
        _featureWindows = featureDriftWindows;
    }

    /// <summary>Creates the renderer the options describe: dates in <see cref="ReportingOptions.TimeZone"/>, and
    /// <see cref="ReportingOptions.FeatureDriftWindows"/> windows in the per-input drift table, as <c>WriteHtmlAsync</c> renders.</summary>
    /// <param name="options">The reporting options.</param>
    /// <returns>The renderer.</returns>
    /// <exception cref="ArgumentException">The time zone is not one this machine knows.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The window count is less than 1.</exception>
    public static ReportHtmlRenderer Create(ReportingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ReportTimeZone.TryFind(options.TimeZone, out var zone)
            ? new ReportHtmlRenderer(zone, options.FeatureDriftWindows)
            : throw new ArgumentException($"The time zone '{options.TimeZone}' is not one this machine knows; use an IANA id such as 'UTC' or 'Europe/Berlin'.", nameof(options));
    }

    /// <summary>Writes the start of the document: doctype, <c>lang</c>, title, inline style, and the opening of <c>main</c>.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="title">The page's title.</param>
    public void WriteDocumentStart(TextWriter writer, string title)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(title);
        writer.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        writer.Write($"<meta name=\"time-zone\" content=\"{E(ReportFormat.Zone(_zone))}\">\n<title>{E(title)}</title>\n<style>\n{Style}\n</style>\n</head>\n<body>\n<main>\n");
    }

    /// <summary>Writes the end of the document.</summary>
    /// <param name="writer">Where to write.</param>
    public static void WriteDocumentEnd(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("</main>\n</body>\n</html>\n");
    }

    /// <summary>Writes the overview: title, when and in which time zone, the period, one headline per model, and the overview table.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="overview">The overview.</param>
    /// <remarks>Each model's name links to its section in the same document (<c>#model-name</c>), as in the report file.</remarks>
    public void WriteOverview(TextWriter writer, ReportOverview overview) => WriteOverview(writer, overview, static name => "#" + Id(name));

    /// <summary>
    /// Writes the overview with each model's name linking to <paramref name="modelHref"/>, for a host that serves each model's
    /// section as a page of its own.
    /// </summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="overview">The overview.</param>
    /// <param name="modelHref">The link of a model's page, from its name; the result is HTML-encoded here, not URL-escaped.</param>
    public void WriteOverview(TextWriter writer, ReportOverview overview, Func<string, string> modelHref)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(overview);
        ArgumentNullException.ThrowIfNull(modelHref);
        var w = new StringBuilder();
        w.Append(C, $"<h1>{E(overview.Title)}</h1>\n");
        w.Append(C, $"<p class=\"meta\">Generated on {E(ReportFormat.Time(overview.GeneratedAt, _zone))}. <strong id=\"time-zone\">All dates and times are in {E(ReportFormat.Zone(_zone))}.</strong></p>\n");
        w.Append(C, $"<p class=\"meta\" id=\"period\">Period: {E(Period(overview.Scope))}. {E(overview.Scope.ModelName is { } only ? $"Model: {only}." : $"{overview.Models.Count} model(s).")}</p>\n");
        w.Append("<section aria-labelledby=\"overview\">\n<h2 id=\"overview\">Overview</h2>\n<h3>Headlines</h3>\n<ul class=\"headlines\">\n");
        foreach (var model in overview.Models)
        {
            w.Append(C, $"<li data-model=\"{E(model.Name)}\">{Badge(model.Headline.Kind)} <a href=\"{E(modelHref(model.Name))}\">{E(model.Name)}</a>: <span class=\"headline\">{E(model.Headline.Text)}</span></li>\n");
        }

        w.Append("</ul>\n<table>\n<caption>Every model: who decides today and how it got there</caption>\n<thead><tr><th scope=\"col\">Model</th><th scope=\"col\">Champion</th><th scope=\"col\">Challenger</th><th scope=\"col\">Champion's state</th><th scope=\"col\">Last promotion</th><th scope=\"col\">Approved by</th><th scope=\"col\">Gates</th><th scope=\"col\">Audit chain</th><th scope=\"col\">Monitoring</th></tr></thead>\n<tbody>\n");
        foreach (var m in overview.Models)
        {
            w.Append(C, $"<tr data-model=\"{E(m.Name)}\"><th scope=\"row\"><a href=\"{E(modelHref(m.Name))}\">{E(m.Name)}</a></th>");
            w.Append(C, $"<td data-field=\"champion\">{(m.Champion is { } ch ? $"version {ch.Version}" : "not set")}</td>");
            w.Append(C, $"<td data-field=\"challenger\">{(m.Challenger is { } cl ? $"version {cl.Version}" : "none")}</td>");
            w.Append(C, $"<td>{(m.Champion is { } s ? E(s.Status.ToString()) : "&mdash;")}</td>");
            w.Append(C, $"<td>{(m.LastPromotion is { } p ? E($"version {p.Change.Version} on {ReportFormat.Time(p.Change.Timestamp, _zone)} by {p.Change.Actor}: {p.Change.Reason ?? "no reason given"}") : "never promoted")}</td>");
            w.Append(C, $"<td data-field=\"approvers\">{(m.LastPromotion is { Approvals.Count: > 0 } a ? E(string.Join("; ", a.Approvals.Select(x => x.Comment is null ? x.Approver : $"{x.Approver} (\u201c{x.Comment}\u201d)"))) : "no approval stored")}</td>");
            w.Append(C, $"<td data-field=\"gates\">{Gates(m)}</td>");
            w.Append(C, $"<td data-field=\"audit\">{(m.AuditChain.IsValid ? $"<span class=\"badge ok\">✓ intact</span> {m.AuditChain.EntryCount} entries" : $"<span class=\"badge bad\">✗ broken</span> {m.AuditChain.Violations.Count} violation(s)")}</td>");
            w.Append(C, $"<td data-field=\"monitoring\">{E(Monitoring(m))}</td></tr>\n");
        }

        w.Append("</tbody>\n</table>\n</section>\n");
        writer.Write(w.ToString());
    }

    /// <summary>Writes one model's section: headline, alias timeline, versions, monitoring and experiments.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="section">The section.</param>
    public void WriteModelSection(TextWriter writer, ModelSection section)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(section);
        var m = section.Summary;
        var id = Id(m.Name);
        var w = new StringBuilder();
        w.Append(C, $"<section class=\"model\" id=\"{id}\" aria-labelledby=\"{id}-h\">\n<h2 id=\"{id}-h\">Model {E(m.Name)}</h2>\n");
        w.Append(C, $"<p>{Badge(m.Headline.Kind)} <span class=\"headline\" data-model=\"{E(m.Name)}\">{E(m.Headline.Text)}</span></p>\n");
        WriteTimeline(w, section);
        WriteVersions(w, section);
        WriteMonitoring(w, section);
        WriteScoring(w, section);
        WriteExperiments(w, section);
        w.Append("</section>\n");
        writer.Write(w.ToString());
    }

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    private static string Id(string model)
    {
        var id = new StringBuilder("model-");
        foreach (var ch in model)
        {
            id.Append(char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' ? ch : '_');
        }

        return id.ToString();
    }

    private static string Badge(ModelHeadlineKind kind) => kind switch
    {
        ModelHeadlineKind.Healthy => "<span class=\"badge ok\">✓ Healthy</span>",
        ModelHeadlineKind.ChallengerPending => "<span class=\"badge warn\">◆ Challenger</span>",
        ModelHeadlineKind.NoMonitoringData => "<span class=\"badge none\">? No data</span>",
        ModelHeadlineKind.NoChampion => "<span class=\"badge none\">? No champion</span>",
        ModelHeadlineKind.Drift => "<span class=\"badge bad\">▲ Drift</span>",
        ModelHeadlineKind.DataQuality => "<span class=\"badge bad\">▲ Data quality</span>",
        ModelHeadlineKind.Fairness => "<span class=\"badge bad\">▲ Fairness</span>",
        ModelHeadlineKind.RolledBack => "<span class=\"badge bad\">↶ Rolled back</span>",
        _ => "<span class=\"badge bad\">✗ Audit chain broken</span>",
    };

    private static string Gates(ModelSummary m)
    {
        if (m.ChampionGates is not { } gates)
        {
            return m.Champion is null ? "&mdash;" : "not evaluated";
        }

        if (gates.Results.Count == 0)
        {
            // The policy required no gate: say so rather than "passed 0 of 0".
            return "no gates required";
        }

        var passed = gates.Results.Count(static r => r.Passed);
        var badge = gates.Passed ? "<span class=\"badge ok\">✓ passed</span>" : "<span class=\"badge bad\">✗ failed</span>";
        var overridden = gates.Results.Count(static r => r.OverriddenBy is not null);
        return $"{badge} {passed.ToString(C)} of {gates.Results.Count.ToString(C)}{(overridden > 0 ? $", {overridden.ToString(C)} overridden" : string.Empty)}";
    }

    /// <summary>Gets the time zone the renderer writes dates and times in, as the report names it ("UTC", or the zone's id and offset).</summary>
    public string TimeZoneName => ReportFormat.Zone(_zone);

    /// <summary>Describes a report's period in plain words, in the renderer's time zone ("all time", "from ... until ...").</summary>
    /// <param name="scope">The scope whose period to describe.</param>
    /// <returns>The description.</returns>
    public string DescribePeriod(ReportScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return Period(scope);
    }

    private string Period(ReportScope scope) => (scope.From, scope.To) switch
    {
        (null, null) => "all time",
        ({ } from, null) => $"from {ReportFormat.Time(from, _zone)}",
        (null, { } to) => $"until {ReportFormat.Time(to, _zone)}",
        ({ } from, { } to) => $"from {ReportFormat.Time(from, _zone)} until {ReportFormat.Time(to, _zone)}",
    };

    private string Monitoring(ModelSummary m)
    {
        var s = m.Monitoring;
        if (s.Latest is not { } latest)
        {
            return s.LastDataAt is { } last ? $"no data since {ReportFormat.Time(last, _zone)}" : "no monitoring data";
        }

        var r = latest.Report;
        var drifted = r.Features.Count(static f => f.Drifted);
        return $"{s.WindowCount} window(s); latest ended {ReportFormat.Time(latest.EndedAt, _zone)}{Contributors(latest)}: {Rows(r.CurrentRows)}, {drifted} of {r.Features.Count} inputs drifted, {ReportFormat.Percent(r.DataQuality.BadRowShare)} rows with data issues";
    }

    private static string Rows(long rows) => $"{ReportFormat.Count(rows)} rows";

    /// <summary>How many instances a window's figures come from, when the stored windows say (the fleet view merges them).</summary>
    private static string Contributors(StoredMonitoringWindow window) => window.InstanceCount switch
    {
        0 => string.Empty,
        1 => " (1 instance contributed)",
        var n => $" ({ReportFormat.Count(n)} instances contributed)",
    };

    private void WriteTimeline(StringBuilder w, ModelSection section)
    {
        w.Append("<h3>Alias timeline</h3>\n");
        if (section.AliasTimeline.Count == 0)
        {
            w.Append("<p>No alias changed in the period.</p>\n");
            return;
        }

        w.Append(C, $"<table>\n<caption>Who moved which alias, when and why (times in {E(ReportFormat.Zone(_zone))})</caption>\n<thead><tr><th scope=\"col\">When</th><th scope=\"col\">Alias</th><th scope=\"col\">Change</th><th scope=\"col\">From</th><th scope=\"col\">To</th><th scope=\"col\">By</th><th scope=\"col\">Why</th></tr></thead>\n<tbody>\n");
        foreach (var c in section.AliasTimeline)
        {
            var kind = c.Kind switch { AliasChangeKind.RolledBack => "↶ rolled back", AliasChangeKind.Deleted => "✗ deleted", _ => c.PreviousVersion is null ? "set" : "moved" };
            w.Append(C, $"<tr><td>{E(ReportFormat.Time(c.Timestamp, _zone))}</td><td>{E(c.Alias)}</td><td>{kind}</td><td class=\"num\">{c.PreviousVersion?.ToString(C) ?? "&mdash;"}</td><td class=\"num\">{c.Version?.ToString(C) ?? "&mdash;"}</td><td>{E(c.Actor)}</td><td>{E(c.Reason ?? "no reason given")}</td></tr>\n");
        }

        w.Append("</tbody>\n</table>\n");
    }

    private void WriteVersions(StringBuilder w, ModelSection section)
    {
        w.Append("<h3>Versions</h3>\n");
        w.Append(C, $"<table>\n<caption>Versions registered in the period and versions an alias points to</caption>\n<thead><tr><th scope=\"col\">Version</th><th scope=\"col\">State</th><th scope=\"col\">Registered</th><th scope=\"col\">By</th><th scope=\"col\">Metrics</th><th scope=\"col\">Lineage</th></tr></thead>\n<tbody>\n");
        foreach (var v in section.Versions)
        {
            var metrics = v.Metrics.Count == 0 ? "none recorded" : string.Join(", ", v.Metrics.OrderBy(static p => p.Key, StringComparer.Ordinal).Select(static p => $"{p.Key} {ReportFormat.Number(p.Value)}"));
            var lineage = new List<string>();
            if (v.Lineage.ParentVersion is { } parent)
            {
                lineage.Add($"from version {parent.ToString(C)}");
            }

            if (v.Lineage.SourceRevision is { } source)
            {
                lineage.Add($"source {source}");
            }

            if (v.Lineage.TrainingDataFingerprint is { } data)
            {
                lineage.Add($"training data {data}");
            }

            if (v.Lineage.ImportedFrom is { } origin)
            {
                lineage.Add($"imported from {origin}");
            }

            w.Append(C, $"<tr data-version=\"{v.Version}\"><td class=\"num\">{v.Version}</td><td>{E(v.Status.ToString())}</td><td>{E(ReportFormat.Time(v.RegisteredAt, _zone))}</td><td>{E(v.RegisteredBy)}</td><td data-field=\"metrics\">{E(metrics)}</td><td>{E(lineage.Count == 0 ? "not recorded" : string.Join("; ", lineage))}</td></tr>\n");
        }

        w.Append("</tbody>\n</table>\n");
    }

    private void WriteMonitoring(StringBuilder w, ModelSection section)
    {
        w.Append("<h3>Monitoring</h3>\n");
        var m = section.Summary;
        if (section.Windows.Count == 0)
        {
            w.Append(C, $"<p data-field=\"monitoring\">{E(Monitoring(m))} in the period.</p>\n");
            return;
        }

        foreach (var group in section.Windows.GroupBy(static x => x.Version).OrderByDescending(static g => g.Key))
        {
            var windows = group.ToList();
            var id = $"{Id(m.Name)}-v{group.Key.ToString(C)}";
            var role = m.Champion?.Version == group.Key ? " (champion)" : m.Challenger?.Version == group.Key ? " (challenger)" : string.Empty;
            w.Append(C, $"<h4>Version {group.Key}{role}: {windows.Count} window(s)</h4>\n");
            if (windows[^1].InstanceCount > 0)
            {
                var how = windows[^1].Period is null
                    ? "a window that is not aligned to a UTC period (sliding, row-count, or tumbling without alignment) is shown on its own, one per instance, never added to another instance's"
                    : "windows of the same aligned period from every instance are merged into one";
                w.Append(C, $"<p data-field=\"instances\">Latest window, ending {E(ReportFormat.Time(windows[^1].EndedAt, _zone))}: {E(Contributors(windows[^1]).Trim(' ', '(', ')'))}; {how}.</p>\n");
            }

            var points = windows.Select(x => new SvgChart.Point(ReportFormat.Time(x.EndedAt, _zone), x.Report.DatasetDrift.DriftedShare, x.Report.DatasetDrift.Drifted)).ToList();
            var latest = windows[^1].Report;
            w.Append("<figure>").Append(SvgChart.ShareOverTime(
                id + "-drift",
                $"Share of inputs drifted per window, version {group.Key.ToString(C)}",
                $"{windows.Count.ToString(C)} windows from {points[0].Label} to {points[^1].Label}; the latest has {ReportFormat.Percent(latest.DatasetDrift.DriftedShare)} of inputs drifted. Triangles mark windows where the inputs drifted as a whole.",
                points,
                "inputs drifted")).Append("<figcaption>Share of input features that drifted in each monitoring window (window end, ").Append(E(ReportFormat.Zone(_zone))).Append(").</figcaption></figure>\n");

            var shown = windows.TakeLast(_featureWindows).ToList();
            WriteWindows(w, group.Key, shown);
            w.Append(C, $"<table>\n<caption>Drift per input over the latest {shown.Count} window(s): drift score (threshold) and decision</caption>\n<thead><tr><th scope=\"col\">Input</th>");
            foreach (var x in shown)
            {
                w.Append(C, $"<th scope=\"col\">{E(ReportFormat.Time(x.EndedAt, _zone))}{(x is { Period: null, InstanceCount: 1 } ? E($", {x.Instances[0]}") : string.Empty)}</th>");
            }

            w.Append("</tr></thead>\n<tbody>\n");
            foreach (var feature in shown.SelectMany(static x => x.Report.Features.Select(static f => f.Name)).Distinct(StringComparer.Ordinal))
            {
                w.Append(C, $"<tr><th scope=\"row\">{E(feature)}</th>");
                foreach (var x in shown)
                {
                    var f = x.Report.Features.FirstOrDefault(f => f.Name == feature);
                    w.Append(f is null
                        ? "<td>not in this window</td>"
                        : string.Create(C, $"<td class=\"num\">{(f.Drifted ? "<strong>▲ drifted</strong> " : "ok ")}{E(ReportFormat.Number(f.Result.Score))} ({E(f.Result.Method.ToString())}, threshold {E(ReportFormat.Number(f.Result.Threshold))})</td>"));
                }

                w.Append("</tr>\n");
            }

            w.Append("</tbody>\n</table>\n");
            WriteHistograms(w, id, section.Histograms.Where(h => h.Version == group.Key).ToList());
            WriteQuality(w, windows[^1]);
            WritePredictions(w, windows[^1]);
            WriteFairness(w, id, windows[^1], section.FairnessLimits);
            WriteConceptDrift(w, group.Key, [.. section.ConceptDrift.Where(c => c.Version == group.Key)]);
        }
    }

    /// <summary>Lists the windows the drift table shows: when each covers, how many instances contributed and whether it is a merge.</summary>
    private void WriteWindows(StringBuilder w, int version, List<StoredMonitoringWindow> shown)
    {
        w.Append(C, $"<table data-windows=\"{version}\">\n<caption>The latest {shown.Count} window(s) of version {version}: the time each covers ({E(ReportFormat.Zone(_zone))}) and the instances it comes from</caption>\n<thead><tr><th scope=\"col\">Window</th><th scope=\"col\">Instances contributed</th><th scope=\"col\">How</th><th scope=\"col\">Rows</th><th scope=\"col\">Inputs drifted</th></tr></thead>\n<tbody>\n");
        foreach (var x in shown)
        {
            var covers = x.StartedAt is { } start ? $"{ReportFormat.Time(start, _zone)} to {ReportFormat.Time(x.EndedAt, _zone)}" : $"until {ReportFormat.Time(x.EndedAt, _zone)}";
            var instances = x.InstanceCount == 0 ? "not recorded" : $"{ReportFormat.Count(x.InstanceCount)}: {string.Join(", ", x.Instances)}";
            var how = (x.Period, x.InstanceCount) switch
            {
                (not null, _) => "merged: the aligned period of every instance",
                (null, 0) => "a monitoring report saved on its own",
                _ => "on its own: not aligned, never added to another instance's",
            };
            w.Append(C, $"<tr><th scope=\"row\" data-field=\"window-period\">{E(covers)}</th><td data-field=\"window-instances\">{E(instances)}</td><td>{how}</td><td class=\"num\" data-field=\"window-rows\">{ReportFormat.Count(x.Report.CurrentRows)}</td><td class=\"num\">{ReportFormat.Count(x.Report.Features.Count(static f => f.Drifted))} of {ReportFormat.Count(x.Report.Features.Count)}</td></tr>\n");
        }

        w.Append("</tbody>\n</table>\n");
    }

    /// <summary>Shows each instance's own concept-drift detectors: their states are sequential, not sums, so they are never merged.</summary>
    private void WriteConceptDrift(StringBuilder w, int version, List<InstanceConceptDrift> instances)
    {
        if (instances.Count == 0)
        {
            w.Append("<p>Concept drift: no instance saved a window with labelled outcomes in the period.</p>\n");
            return;
        }

        w.Append(C, $"<table data-concept-drift=\"{version}\">\n<caption>Concept drift per instance, version {version}: each instance's detectors on the errors of its own labelled outcomes, in its latest window with labels (not merged: a detector's state depends on the order of one instance's outcomes)</caption>\n<thead><tr><th scope=\"col\">Instance</th><th scope=\"col\">Window ending</th><th scope=\"col\">Detector</th><th scope=\"col\">State</th><th scope=\"col\">Labelled outcomes</th><th scope=\"col\">Drifts detected in the window</th></tr></thead>\n<tbody>\n");
        foreach (var instance in instances)
        {
            foreach (var d in instance.Detectors)
            {
                var state = d.State switch
                {
                    ConceptDriftState.Drift => "<strong>▲ drift</strong>",
                    ConceptDriftState.Warning => "◆ warning",
                    _ => "✓ stable",
                };
                w.Append(C, $"<tr data-instance=\"{E(instance.InstanceId)}\" data-detector=\"{E(d.Detector)}\"><th scope=\"row\">{E(instance.InstanceId)}</th><td>{E(ReportFormat.Time(instance.WindowEndedAt, _zone))}</td><td>{E(d.Detector)}</td><td data-field=\"concept-state\">{state}</td><td class=\"num\" data-field=\"concept-observations\">{ReportFormat.Count(d.Observations)}</td><td class=\"num\">{ReportFormat.Count(d.WindowDetections)}</td></tr>\n");
            }
        }

        w.Append("</tbody>\n</table>\n");
    }

    private void WriteHistograms(StringBuilder w, string id, List<FeatureHistogram> histograms)
    {
        if (histograms.Count == 0)
        {
            w.Append("<p>Distributions against the reference: no window of this version kept its bins (only saved monitoring windows do).</p>\n");
            return;
        }

        var first = histograms[0];
        w.Append(C, $"<p>Distributions in the window ending {E(ReportFormat.Time(first.WindowEndedAt, _zone))}{(first.Instances > 0 ? E($", merged from {first.Instances} instance(s)") : string.Empty)}, against the reference (the training data): the share of rows in each of the reference's ranges or categories. A large difference between the two bars of a row is what drift measures.</p>\n");
        var index = 0;
        foreach (var h in histograms)
        {
            index++;
            var kind = h.IsOutput ? "output" : "input";
            var chartId = $"{id}-hist{index.ToString(C)}";
            var widest = h.Bins.MaxBy(static b => Math.Abs(b.CurrentShare - b.ReferenceShare));
            var summary = widest is null
                ? "no rows"
                : $"the largest difference is in \u201c{widest.Label}\u201d: {ReportFormat.Percent(widest.ReferenceShare)} of reference rows, {ReportFormat.Percent(widest.CurrentShare)} of the window's";
            w.Append("<figure>").Append(SvgChart.Histogram(
                chartId,
                $"Distribution of {kind} {h.Feature}: reference against current window",
                $"{h.Bins.Count} ranges; {summary}. Hatched bars are the reference, solid bars the current window.",
                [.. h.Bins.Select(static b => (b.Label, b.ReferenceShare, b.CurrentShare))])).Append("</figure>\n");
            w.Append(C, $"<table data-histogram=\"{E(h.Feature)}\" data-version=\"{h.Version}\">\n<caption>Distribution of {kind} {E(h.Feature)}: rows per range, reference against the window ending {E(ReportFormat.Time(h.WindowEndedAt, _zone))}</caption>\n<thead><tr><th scope=\"col\">Range or category</th><th scope=\"col\">Reference rows</th><th scope=\"col\">Reference share</th><th scope=\"col\">Window rows</th><th scope=\"col\">Window share</th></tr></thead>\n<tbody>\n");
            foreach (var b in h.Bins)
            {
                w.Append(C, $"<tr><th scope=\"row\">{E(b.Label)}</th><td class=\"num\">{ReportFormat.Count(b.ReferenceCount)}</td><td class=\"num\" data-field=\"reference-share\">{ReportFormat.Percent(b.ReferenceShare)}</td><td class=\"num\">{ReportFormat.Count(b.CurrentCount)}</td><td class=\"num\" data-field=\"current-share\">{ReportFormat.Percent(b.CurrentShare)}</td></tr>\n");
            }

            w.Append("</tbody>\n</table>\n");
        }
    }

    private void WriteScoring(StringBuilder w, ModelSection section)
    {
        w.Append("<h3>Scoring load, latency and errors</h3>\n");
        if (section.Scoring.Count == 0)
        {
            w.Append("<p data-field=\"scoring\">No scorer telemetry saved in the period: the serving instances save it through the hosting package (ModelOps:Hosting:ScorerTelemetryInterval).</p>\n");
            return;
        }

        w.Append("<p>Calls and errors are exact counts. Latency is measured on a sample of about one call in 256, and its percentiles are estimated from fixed ranges (buckets) of time, so they are accurate to within one bucket: read them as approximate.</p>\n");
        foreach (var load in section.Scoring.OrderByDescending(static l => l.Version))
        {
            var id = $"{Id(section.Summary.Name)}-v{load.Version.ToString(C)}-load";
            var t = load.Total;
            var per = load.PeriodLength >= TimeSpan.FromDays(1) ? "day" : load.PeriodLength == TimeSpan.FromHours(1) ? "hour" : $"{ReportFormat.Number(load.PeriodLength.TotalMinutes)} minutes";
            w.Append(C, $"<h4>Version {load.Version}: {ReportFormat.Count(t.Calls)} calls, {ReportFormat.Count(t.Errors)} errors ({(t.ErrorRate is { } r ? ReportFormat.Percent(r) : "no calls")})</h4>\n");
            w.Append(C, $"<p data-field=\"scoring-instances\" data-version=\"{load.Version}\">{t.Instances.Count} instance(s) contributed: {E(string.Join(", ", t.Instances))}. Median latency {E(Duration(t.P50))}, 95th percentile {E(Duration(t.P95))}, 99th percentile {E(Duration(t.P99))} (estimated from {ReportFormat.Count(t.SampledCalls)} timed calls).</p>\n");
            if (load.Periods.Count > 1)
            {
                var calls = load.Periods.Select(p => (ReportFormat.Time(p.Start, _zone), (double)p.Calls)).ToList();
                w.Append("<figure>").Append(SvgChart.ValuesOverTime(
                    id,
                    $"Calls per {per}, version {load.Version.ToString(C)}",
                    $"{load.Periods.Count} periods from {calls[0].Item1} to {calls[^1].Item1}; between {ReportFormat.Count(load.Periods.Min(static p => p.Calls))} and {ReportFormat.Count(load.Periods.Max(static p => p.Calls))} calls per {per}.",
                    calls,
                    $"calls per {per}")).Append("</figure>\n");
                var errors = load.Periods.Select(p => new SvgChart.Point(ReportFormat.Time(p.Start, _zone), p.ErrorRate ?? 0, p.Errors > 0)).ToList();
                w.Append("<figure>").Append(SvgChart.ShareOverTime(
                    id + "-errors",
                    $"Error rate per {per}, version {load.Version.ToString(C)}",
                    $"Share of calls that failed in each period; the highest is {ReportFormat.Percent(errors.Max(static e => e.Value))}. Triangles mark periods with at least one error.",
                    errors,
                    "errors")).Append("</figure>\n");
            }

            w.Append(C, $"<table data-scoring=\"{load.Version}\">\n<caption>Scoring per {E(per)}, version {load.Version} (period start, {E(ReportFormat.Zone(_zone))}; latency estimated from sampled calls)</caption>\n<thead><tr><th scope=\"col\">Period</th><th scope=\"col\">Calls</th><th scope=\"col\">Calls per hour</th><th scope=\"col\">Errors</th><th scope=\"col\">Error rate</th><th scope=\"col\">Latency p50 / p95 / p99 (estimated)</th><th scope=\"col\">Instances</th></tr></thead>\n<tbody>\n");
            foreach (var p in load.Periods)
            {
                w.Append(C, $"<tr><th scope=\"row\">{E(ReportFormat.Time(p.Start, _zone))}</th><td class=\"num\" data-field=\"calls\">{ReportFormat.Count(p.Calls)}</td><td class=\"num\">{E(ReportFormat.Compact(p.CallsPerHour))}</td><td class=\"num\">{ReportFormat.Count(p.Errors)}</td><td class=\"num\" data-field=\"error-rate\">{(p.ErrorRate is { } e ? ReportFormat.Percent(e) : "no calls")}</td><td class=\"num\" data-field=\"latency\">{E($"{Duration(p.P50)} / {Duration(p.P95)} / {Duration(p.P99)}")}</td><td class=\"num\">{p.Instances.Count}</td></tr>\n");
            }

            w.Append("</tbody>\n</table>\n");
        }
    }

    /// <summary>A latency in milliseconds with its unit, or what is missing.</summary>
    internal static string Duration(TimeSpan? latency) => latency is { } l ? $"{ReportFormat.Number(l.TotalMilliseconds)} ms" : "no call timed";

    private void WriteQuality(StringBuilder w, StoredMonitoringWindow window)
    {
        var q = window.Report.DataQuality;
        var issues = q.Features.Concat(q.Predictions).Where(static f => f.HasIssues).ToList();
        w.Append(C, $"<p>Data quality in the window ending {E(ReportFormat.Time(window.EndedAt, _zone))}: {E(ReportFormat.Count(q.BadRowCount))} of {E(Rows(q.RowCount))} ({E(ReportFormat.Percent(q.BadRowShare))}) had an issue{(q.Alert ? " &mdash; <strong>▲ alert</strong>" : string.Empty)}.</p>\n");
        if (issues.Count == 0 && q.SignatureIssues.Count == 0)
        {
            return;
        }

        w.Append("<table>\n<caption>Data-quality issues per input</caption>\n<thead><tr><th scope=\"col\">Input</th><th scope=\"col\">Missing</th><th scope=\"col\">Missing in reference</th><th scope=\"col\">Outside the reference range</th><th scope=\"col\">Unseen categories</th><th scope=\"col\">Infinite</th></tr></thead>\n<tbody>\n");
        foreach (var f in issues)
        {
            w.Append(C, $"<tr><th scope=\"row\">{E(f.Name)}</th><td class=\"num\">{ReportFormat.Count(f.MissingCount)} ({ReportFormat.Percent(f.MissingShare)})</td><td class=\"num\">{ReportFormat.Percent(f.ReferenceMissingShare)}</td><td class=\"num\">{ReportFormat.Count(f.BelowRangeCount)} below, {ReportFormat.Count(f.AboveRangeCount)} above</td><td class=\"num\">{ReportFormat.Count(f.UnseenCount)}{(f.UnseenExamples.Count > 0 ? E($" (e.g. {string.Join(", ", f.UnseenExamples)})") : string.Empty)}</td><td class=\"num\">{ReportFormat.Count(f.InfiniteCount)}</td></tr>\n");
        }

        foreach (var s in q.SignatureIssues)
        {
            w.Append(C, $"<tr><th scope=\"row\">{E(s.ToString())}</th><td colspan=\"5\">breaks the model's signature</td></tr>\n");
        }

        w.Append("</tbody>\n</table>\n");
    }

    private void WritePredictions(StringBuilder w, StoredMonitoringWindow window)
    {
        var predictions = window.Report.Predictions;
        if (predictions.Count == 0)
        {
            w.Append("<p>Prediction distribution: no model output is monitored in this window.</p>\n");
            return;
        }

        w.Append(C, $"<table>\n<caption>Prediction distribution against the reference, window ending {E(ReportFormat.Time(window.EndedAt, _zone))}</caption>\n<thead><tr><th scope=\"col\">Output</th><th scope=\"col\">Method</th><th scope=\"col\">Score</th><th scope=\"col\">Threshold</th><th scope=\"col\">Rows (reference / window)</th><th scope=\"col\">Decision</th></tr></thead>\n<tbody>\n");
        foreach (var p in predictions)
        {
            w.Append(C, $"<tr><th scope=\"row\">{E(p.Name)}</th><td>{E(p.Result.Method.ToString())}</td><td class=\"num\">{E(ReportFormat.Number(p.Result.Score))} {E(p.Result.Units)}</td><td class=\"num\">{E(ReportFormat.Number(p.Result.Threshold))}</td><td class=\"num\">{ReportFormat.Count(p.Result.ReferenceCount)} / {ReportFormat.Count(p.Result.CurrentCount)}</td><td>{(p.Drifted ? "<strong>▲ drifted</strong>" : "✓ stable")}</td></tr>\n");
        }

        w.Append("</tbody>\n</table>\n");
    }

    private static void WriteFairness(StringBuilder w, string id, StoredMonitoringWindow window, FairnessThresholds limits)
    {
        var reports = window.Report.FairnessByAttribute.Count > 0 ? window.Report.FairnessByAttribute : window.Report.Fairness is { } single ? [single] : [];
        if (reports.Count == 0)
        {
            w.Append("<p>Fairness: not monitored in this window.</p>\n");
            return;
        }

        var index = 0;
        foreach (var f in reports)
        {
            index++;
            var attribute = f.Attribute ?? "(unnamed)";
            var belowRatio = f.DemographicParityRatio.Value < limits.MinimumDemographicParityRatio;
            var aboveOdds = limits.MaximumEqualizedOddsDifference is { } maximum && f.EqualizedOddsDifference.Value > maximum;
            var verdict = (belowRatio, aboveOdds) switch
            {
                (true, true) => "<strong>▲ outside the policy's limits: parity ratio too low, odds difference too high</strong>",
                (true, false) => "<strong>▲ outside the policy's limits: parity ratio too low</strong>",
                (false, true) => "<strong>▲ outside the policy's limits: odds difference too high</strong>",
                _ => f.DemographicParityRatio.Value is null ? "not enough decisions to judge" : "✓ within the policy's limits",
            };
            w.Append(C, $"<h4>Fairness by {E(attribute)}: {verdict}</h4>\n");
            w.Append(C, $"<p>Demographic parity ratio {Measure(f.DemographicParityRatio)}; difference {Measure(f.DemographicParityDifference)}; equal opportunity difference {Measure(f.EqualOpportunityDifference)}; equalized odds difference {Measure(f.EqualizedOddsDifference)}. Limits: {E(limits.Describe())}, from {E(limits.Source)}.</p>\n");
            var rates = f.Groups.Where(static g => g.SelectionRate is not null).ToList();
            if (rates.Count > 0)
            {
                var highest = rates.Max(static g => g.SelectionRate!.Value);
                var line = limits.MinimumDemographicParityRatio * highest;
                var share = ReportFormat.Percent(limits.MinimumDemographicParityRatio);
                var bars = rates.Select(g => new SvgChart.Point(g.Group.ToString(), g.SelectionRate!.Value, g.SelectionRate!.Value < line)).ToList();
                w.Append("<figure>").Append(SvgChart.Bars(
                    $"{id}-fair{index.ToString(C)}",
                    $"Selection rate per {attribute} group",
                    $"Selection rates: {string.Join(", ", bars.Select(b => $"{b.Label} {ReportFormat.Percent(b.Value)}"))}. The dashed line is {share} of the highest rate (the minimum parity ratio); hatched bars fall below it.",
                    bars,
                    line,
                    $"{share} of the highest rate",
                    $"below {share}")).Append("</figure>\n");
            }

            w.Append(C, $"<table>\n<caption>Outcomes per {E(attribute)} group</caption>\n<thead><tr><th scope=\"col\">Group</th><th scope=\"col\">Decisions</th><th scope=\"col\">Selection rate</th><th scope=\"col\">True-positive rate</th><th scope=\"col\">False-positive rate</th></tr></thead>\n<tbody>\n");
            foreach (var g in f.Groups)
            {
                w.Append(C, $"<tr><th scope=\"row\">{E(g.Group.ToString())}</th><td class=\"num\">{ReportFormat.Count(g.Counts.Count)}</td><td class=\"num\">{Rate(g.SelectionRate)}</td><td class=\"num\">{Rate(g.TruePositiveRate)}</td><td class=\"num\">{Rate(g.FalsePositiveRate)}</td></tr>\n");
            }

            w.Append("</tbody>\n</table>\n");
        }
    }

    private static string Measure(FairnessMeasure measure) => measure.Value is { } v ? E(ReportFormat.Number(v)) : E($"not computed ({measure.Reason ?? "too few decisions"})");

    private static string Rate(double? rate) => rate is { } r ? E(ReportFormat.Percent(r)) : "too few decisions";

    private void WriteExperiments(StringBuilder w, ModelSection section)
    {
        w.Append("<h3>Experiments</h3>\n");
        if (section.Experiments.Count == 0)
        {
            w.Append("<p>No experiment is stored for this model.</p>\n");
            return;
        }

        var shares = 0;
        foreach (var x in section.Experiments)
        {
            shares++;
            var d = x.Definition;
            var id = $"{Id(section.Summary.Name)}-x{shares.ToString(C)}";
            w.Append(C, $"<h4>Experiment {E(d.Name)}: {E(d.Status.ToString().ToLowerInvariant())}, {E(d.Mode.ToString().ToLowerInvariant())} mode, started {E(ReportFormat.Time(x.StartedAt, _zone))}</h4>\n");
            var current = d.CurrentShares();
            var arms = new[] { d.Champion }.Concat(d.Challengers).ToList();
            w.Append(C, $"<table>\n<caption>Arms of {E(d.Name)}: traffic, load, errors, latency and outcomes ({(x.Statistics is { } st ? E($"statistics from {st.Instances.Count} instance(s), captured {ReportFormat.Time(st.CapturedAt, _zone)}") : "no statistics saved")})</caption>\n<thead><tr><th scope=\"col\">Arm</th><th scope=\"col\">Serves</th><th scope=\"col\">Traffic share</th><th scope=\"col\">Calls</th><th scope=\"col\">Errors</th><th scope=\"col\">Latency p50 / p95</th><th scope=\"col\">Outcomes</th><th scope=\"col\">Mean {E(Metric(d.Metric))}</th></tr></thead>\n<tbody>\n");
            for (var i = 0; i < arms.Count; i++)
            {
                var arm = arms[i];
                var stats = x.Statistics?.FindArm(arm.Name);
                var share = i < current.Count ? ReportFormat.Percent(current[i]) : "&mdash;";
                w.Append(C, $"<tr data-arm=\"{E(arm.Name)}\"><th scope=\"row\">{E(arm.Name)}</th><td>{E(arm.DescribeTarget())}</td><td class=\"num\">{share}</td>");
                if (stats is null)
                {
                    w.Append("<td colspan=\"5\">no data saved</td></tr>\n");
                    continue;
                }

                w.Append(C, $"<td class=\"num\">{ReportFormat.Count(stats.Calls)}</td><td class=\"num\">{ReportFormat.Count(stats.Errors)} ({ReportFormat.Percent(stats.ErrorRate)})</td><td class=\"num\">{Latency(stats)}</td><td class=\"num\">{ReportFormat.Count(stats.Outcomes)}</td><td class=\"num\" data-field=\"mean\">{(stats.Outcomes > 0 ? E(ReportFormat.Number(stats.PrimaryOutcome.Mean)) : "no outcomes yet")}</td></tr>\n");
            }

            w.Append("</tbody>\n</table>\n");
            foreach (var look in x.Looks)
            {
                WriteLook(w, $"{id}-{look.ChallengerArm}", d.Name, look);
            }
        }
    }

    private static string Metric(QualityMetricKind kind) => kind switch
    {
        QualityMetricKind.BinaryClassification => "accuracy",
        QualityMetricKind.Regression => "absolute error",
        _ => "reward",
    };

    private static string Latency(ArmStatistics stats) => stats.Latency.Count == 0
        ? "not recorded"
        : E($"{ReportFormat.Number(stats.Latency.Quantile(0.5).TotalMilliseconds)} ms / {ReportFormat.Number(stats.Latency.Quantile(0.95).TotalMilliseconds)} ms");

    private void WriteLook(StringBuilder w, string id, string experiment, ExperimentLook look)
    {
        var safeId = Id(id);
        if (look.Decision is not { } decision)
        {
            w.Append(C, $"<p>Challenger {E(look.ChallengerArm)}: {(look.Improvement is { } imp ? E($"difference in mean {ReportFormat.Signed(imp, "0.####")} (positive is better for the challenger)") : "no outcomes yet")}; the experiment has no evaluation policy, so no decision is computed.</p>\n");
            return;
        }

        var e = decision.Evidence;
        w.Append(C, $"<p data-arm=\"{E(look.ChallengerArm)}\">Challenger {E(look.ChallengerArm)} against {E(e.ChampionArm)}: decision <strong data-field=\"decision\">{E(decision.Kind.ToString().ToLowerInvariant())}</strong> ({E(decision.Rule.ToString())}) as of {E(ReportFormat.Time(e.EvaluatedAt, _zone))}. Effect <span data-field=\"effect\">{E(ReportFormat.Signed(e.EffectEstimate, "0.####"))}</span>, always-valid {E(ReportFormat.Percent(1 - e.Alpha))} interval [{E(ReportFormat.Number(e.ConfidenceLower))}, {E(ReportFormat.Number(e.ConfidenceUpper))}], p = {E(ReportFormat.Number(e.AlwaysValidPValue))}, on {E(ReportFormat.Count(e.ChampionSamples))} and {E(ReportFormat.Count(e.ChallengerSamples))} outcomes.</p>\n");
        if (e.ChampionSamples > 0 && e.ChallengerSamples > 0 && double.IsFinite(e.EffectEstimate))
        {
            w.Append("<figure>").Append(SvgChart.Interval(
                safeId + "-effect",
                $"Effect of challenger {look.ChallengerArm} in experiment {experiment}",
                $"Estimated effect {ReportFormat.Signed(e.EffectEstimate, "0.####")} with always-valid interval from {ReportFormat.Number(e.ConfidenceLower)} to {ReportFormat.Number(e.ConfidenceUpper)}; right of zero means the challenger is better.",
                e.EffectEstimate,
                e.ConfidenceLower,
                e.ConfidenceUpper,
                Metric(e.Metric))).Append("</figure>\n");
        }

        WriteEffectHistory(w, safeId, experiment, look);
    }

    private void WriteEffectHistory(StringBuilder w, string safeId, string experiment, ExperimentLook look)
    {
        var history = look.EffectHistory.Where(static h => h.Decision.Evidence.ChampionSamples > 0 && h.Decision.Evidence.ChallengerSamples > 0 && double.IsFinite(h.Decision.Evidence.EffectEstimate)).ToList();
        if (history.Count < 2)
        {
            return;
        }

        var points = history.Select(h => (ReportFormat.Time(h.At, _zone), h.Decision.Evidence.EffectEstimate, h.Decision.Evidence.ConfidenceLower, h.Decision.Evidence.ConfidenceUpper)).ToList();
        var first = history[0].Decision.Evidence;
        var last = history[^1].Decision.Evidence;
        w.Append("<figure>").Append(SvgChart.IntervalsOverTime(
            safeId + "-effect-history",
            $"Effect of challenger {look.ChallengerArm} in experiment {experiment} over time",
            $"At {history.Count} saved snapshots from {points[0].Item1} to {points[^1].Item1}, the estimated effect went from {ReportFormat.Signed(first.EffectEstimate, "0.####")} (interval {ReportFormat.Number(first.ConfidenceLower)} to {ReportFormat.Number(first.ConfidenceUpper)}) to {ReportFormat.Signed(last.EffectEstimate, "0.####")} (interval {ReportFormat.Number(last.ConfidenceLower)} to {ReportFormat.Number(last.ConfidenceUpper)}); above zero means the challenger is better.",
            points,
            Metric(last.Metric))).Append("</figure>\n");
        w.Append(C, $"<table data-arm=\"{E(look.ChallengerArm)}\">\n<caption>Effect of challenger {E(look.ChallengerArm)} over time: the decision on the statistics saved until each moment (times in {E(ReportFormat.Zone(_zone))})</caption>\n<thead><tr><th scope=\"col\">As of</th><th scope=\"col\">Outcomes (champion / challenger)</th><th scope=\"col\">Effect</th><th scope=\"col\">Always-valid interval</th><th scope=\"col\">Decision</th></tr></thead>\n<tbody>\n");
        foreach (var h in history)
        {
            var e = h.Decision.Evidence;
            w.Append(C, $"<tr><th scope=\"row\">{E(ReportFormat.Time(h.At, _zone))}</th><td class=\"num\">{ReportFormat.Count(e.ChampionSamples)} / {ReportFormat.Count(e.ChallengerSamples)}</td><td class=\"num\">{E(ReportFormat.Signed(e.EffectEstimate, "0.####"))}</td><td class=\"num\">[{E(ReportFormat.Number(e.ConfidenceLower))}, {E(ReportFormat.Number(e.ConfidenceUpper))}]</td><td>{E(h.Decision.Kind.ToString().ToLowerInvariant())}</td></tr>\n");
        }

        w.Append("</tbody>\n</table>\n");
    }
}
