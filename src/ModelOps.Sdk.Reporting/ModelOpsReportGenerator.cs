using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Governance;
using ModelOps.Sdk.Governance.Approvals;
using ModelOps.Sdk.Governance.Gates;
using ModelOps.Sdk.Governance.Policies;
using ModelOps.Sdk.Monitoring.Fleet;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Reports;
using ModelOps.Sdk.Routing.Control;
using ModelOps.Sdk.Routing.Evaluation;
using ModelOps.Sdk.Routing.Experiments;
using ModelOps.Sdk.Routing.Statistics;
using ModelOps.Sdk.Telemetry;

namespace ModelOps.Sdk.Reporting;

/// <summary>
/// The <see cref="IModelOpsReportGenerator"/> over a registry: reads each model's aliases, versions, approvals, gate reports, audit
/// chain, stored monitoring windows and experiments, and renders them with <see cref="ReportHtmlRenderer"/>.
/// </summary>
public sealed class ModelOpsReportGenerator : IModelOpsReportGenerator
{
    // Approval documents are written by governance with System.Text.Json's web defaults; read through the public record.
    private static readonly JsonSerializerOptions ApprovalJson = new(JsonSerializerDefaults.Web);

    private readonly IModelRegistry _registry;
    private readonly IGovernanceService? _governance;
    private readonly ReportingOptions _options;
    private readonly TimeZoneInfo _timeZone;
    private readonly TimeProvider _time;
    private readonly ExperimentStore _experiments;
    private readonly ChampionChallengerEvaluator _evaluator;

    /// <summary>Initializes a new instance of the <see cref="ModelOpsReportGenerator"/> class.</summary>
    /// <param name="registry">The registry to report on.</param>
    /// <param name="options">The options; validated here, so an invalid value fails on first use even without a host.</param>
    /// <param name="time">The clock: the report's generation time and the evaluations' "now".</param>
    /// <param name="governance">Governance, to read gate reports; <see langword="null"/> to leave gates out.</param>
    /// <exception cref="OptionsValidationException">An option is invalid; the message names it.</exception>
    public ModelOpsReportGenerator(IModelRegistry registry, IOptions<ReportingOptions> options, TimeProvider time, IGovernanceService? governance = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = options.Value;
        var validation = new ReportingOptionsValidator().Validate(Options.DefaultName, _options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(ReportingOptions), validation.Failures);
        }

        ReportTimeZone.TryFind(_options.TimeZone, out _timeZone);
        _registry = registry;
        _governance = governance;
        _time = time;
        _experiments = new ExperimentStore(registry, time);
        _evaluator = new ChampionChallengerEvaluator(time);
    }

    /// <inheritdoc />
    public async Task<ReportOverview> ReadOverviewAsync(ReportScope scope, CancellationToken cancellationToken = default)
    {
        var names = await ModelNamesAsync(scope, cancellationToken).ConfigureAwait(false);
        var summaries = new List<ModelSummary>(names.Count);
        await foreach (var section in ReadModelsAsync(names, scope, cancellationToken).ConfigureAwait(false))
        {
            summaries.Add(section.Summary);
        }

        return new ReportOverview(_options.Title, _time.GetUtcNow(), _timeZone, scope, summaries);
    }

    /// <inheritdoc />
    public async Task<ModelSection> ReadModelAsync(string modelName, ReportScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelName);
        Check(scope);
        var models = await _registry.ListModelsAsync(cancellationToken).ConfigureAwait(false);
        var model = models.FirstOrDefault(m => string.Equals(m.Name, modelName, StringComparison.Ordinal))
            ?? throw new ModelNotFoundException(modelName);

        var timeline = new List<AliasChange>();
        var championHistory = (IReadOnlyList<AliasChange>)[];
        foreach (var alias in model.Aliases.Keys.Order(StringComparer.Ordinal))
        {
            var history = await _registry.GetAliasHistoryAsync(modelName, alias, cancellationToken).ConfigureAwait(false);
            if (string.Equals(alias, _options.ChampionAlias, StringComparison.Ordinal))
            {
                // The state as of the period's end: a rollback after it is not this report's news.
                championHistory = [.. history.Where(c => scope.To is not { } end || c.Timestamp < end)];
            }

            timeline.AddRange(history.Where(c => scope.Contains(c.Timestamp)));
        }

        timeline.Sort(static (a, b) => a.Sequence.CompareTo(b.Sequence));

        var versions = new List<ModelVersion>();
        var served = model.Aliases.Values.ToHashSet();
        int? after = 0;
        while (after is { } from)
        {
            var page = await _registry.ListVersionsAsync(modelName, from, 100, cancellationToken).ConfigureAwait(false);
            versions.AddRange(page.Items.Where(v => served.Contains(v.Version) || scope.Contains(v.RegisteredAt)));
            after = page.NextAfterVersion;
        }

        versions.Reverse();
        ModelVersion? Find(string alias) => model.Aliases.TryGetValue(alias, out var v) ? versions.First(x => x.Version == v) : null;
        var champion = Find(_options.ChampionAlias);
        var challenger = Find(_options.ChallengerAlias);

        var windows = new List<StoredMonitoringWindow>();
        var histograms = new List<FeatureHistogram>();
        var scoring = new List<ScoringLoad>();
        var conceptDrift = new List<InstanceConceptDrift>();
        MonitoringStatus status = new(null, 0, null, null, null);
        foreach (var version in served.Order())
        {
            var (inScope, lastDataAt, latestBins, instancesConceptDrift) = await ReadWindowsAsync(modelName, version, scope, cancellationToken).ConfigureAwait(false);
            windows.AddRange(inScope);
            histograms.AddRange(latestBins);
            conceptDrift.InsertRange(0, instancesConceptDrift);
            if (await ReadScoringAsync(modelName, version, scope, cancellationToken).ConfigureAwait(false) is { } load)
            {
                scoring.Add(load);
            }

            if (version == champion?.Version)
            {
                status = Status(version, inScope, lastDataAt);
            }
        }

        windows.Sort(static (a, b) => a.EndedAt.CompareTo(b.EndedAt));
        var experiments = await ReadExperimentsAsync(modelName, scope, cancellationToken).ConfigureAwait(false);
        var challengerLook = challenger is null
            ? null
            : experiments
                .Where(static e => e.Definition.Status == ExperimentStatus.Running)
                .SelectMany(e => e.Looks.Select(l => (Experiment: e, Look: l)))
                .Where(x => x.Look.Challenger.Version == challenger.Version
                    || x.Experiment.Definition.Challengers.Any(c => c.Name == x.Look.ChallengerArm && (c.Version == challenger.Version || c.Alias == _options.ChallengerAlias)))
                .Select(static x => x.Look)
                .FirstOrDefault();

        var last = championHistory.Count > 0 ? championHistory[^1] : null;
        var lastForward = championHistory.LastOrDefault(static c => c.Kind == AliasChangeKind.Moved && c.Version is not null);
        var promotion = lastForward is null ? null : new PromotionRecord(lastForward, await ApprovalsAsync(modelName, lastForward.Version!.Value, cancellationToken).ConfigureAwait(false));
        var gates = champion is not null && _governance is not null
            ? await _governance.GetGateReportAsync(modelName, champion.Version, cancellationToken).ConfigureAwait(false)
            : null;
        var audit = await _registry.VerifyAuditLogAsync(modelName, null, cancellationToken).ConfigureAwait(false);

        var summary = new ModelSummary
        {
            Name = modelName,
            LatestVersion = model.LatestVersion,
            Champion = champion,
            Challenger = challenger,
            LastPromotion = promotion,
            LastRollback = last is { Kind: AliasChangeKind.RolledBack } ? last : null,
            ChampionGates = gates,
            AuditChain = audit,
            Monitoring = status,
            ChallengerLook = challengerLook,
            Headline = new ModelHeadline(ModelHeadlineKind.Healthy, "healthy"),
        };
        summary = summary with { Headline = ReportHeadlines.For(summary, championHistory, _options, _timeZone) };
        return new ModelSection(summary, timeline, versions, windows, experiments)
        {
            FairnessLimits = await FairnessLimitsAsync(modelName, cancellationToken).ConfigureAwait(false),
            Histograms = histograms,
            Scoring = scoring,
            ConceptDrift = conceptDrift,
        };
    }

    /// <inheritdoc />
    public async Task WriteHtmlAsync(Stream destination, ReportScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!destination.CanWrite)
        {
            throw new ArgumentException("The destination stream is not writable.", nameof(destination));
        }

        var names = await ModelNamesAsync(scope, cancellationToken).ConfigureAwait(false);
        var renderer = new ReportHtmlRenderer(_timeZone, _options.FeatureDriftWindows);
        var summaries = new List<ModelSummary>(names.Count);

        // The overview comes first but needs every model's summary: the sections are rendered to a temporary file as each model
        // is read, so only the summaries stay in memory, then copied after the overview.
        var buffer = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await using (buffer.ConfigureAwait(false))
        {
            var sections = new StreamWriter(buffer, new UTF8Encoding(false), 65536, leaveOpen: true);
            await using (sections.ConfigureAwait(false))
            {
                await foreach (var section in ReadModelsAsync(names, scope, cancellationToken).ConfigureAwait(false))
                {
                    summaries.Add(section.Summary);
                    renderer.WriteModelSection(sections, section);
                    await sections.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            var overview = new ReportOverview(_options.Title, _time.GetUtcNow(), _timeZone, scope, summaries);
            var writer = new StreamWriter(destination, new UTF8Encoding(false), 65536, leaveOpen: true);
            await using (writer.ConfigureAwait(false))
            {
                renderer.WriteDocumentStart(writer, overview.Title);
                renderer.WriteOverview(writer, overview);
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                buffer.Position = 0;
                await buffer.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
                ReportHtmlRenderer.WriteDocumentEnd(writer);
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Reads the named models' sections in the order given, up to <see cref="ReportingOptions.MaxConcurrentModelReads"/> at once:
    /// while the caller renders one, the next ones are read on the thread pool. When a read fails, the caller stops early or the
    /// call is cancelled, the reads still running are cancelled and awaited, so none outlives the enumeration.
    /// </summary>
    private async IAsyncEnumerable<ModelSection> ReadModelsAsync(IReadOnlyList<string> names, ReportScope scope, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reads = new Queue<Task<ModelSection>>(_options.MaxConcurrentModelReads);
        var next = 0;
        try
        {
            while (next < names.Count || reads.Count > 0)
            {
                while (reads.Count < _options.MaxConcurrentModelReads && next < names.Count)
                {
                    var name = names[next++];
                    reads.Enqueue(Task.Run(() => ReadModelAsync(name, scope, stop.Token), stop.Token));
                }

                yield return await reads.Dequeue().ConfigureAwait(false);
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            foreach (var read in reads)
            {
                await ((Task)read).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private static void Check(ReportScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope is { From: { } from, To: { } to } && to <= from)
        {
            throw new ArgumentException($"The report's period ends ({to:o}) at or before it starts ({from:o}).", nameof(scope));
        }
    }

    private static MonitoringStatus Status(int version, List<StoredMonitoringWindow> windows, DateTimeOffset? lastDataAt)
    {
        var latest = windows.Count > 0 ? windows[^1] : null;
        DateTimeOffset? driftSince = null;
        for (var i = windows.Count - 1; i >= 0 && windows[i].Report.DatasetDrift.Drifted; i--)
        {
            driftSince = windows[i].Report.WindowStartedAt ?? windows[i].EndedAt;
        }

        return new MonitoringStatus(version, windows.Count, latest, lastDataAt, driftSince);
    }

    private async Task<IReadOnlyList<string>> ModelNamesAsync(ReportScope scope, CancellationToken cancellationToken)
    {
        Check(scope);
        var models = await _registry.ListModelsAsync(cancellationToken).ConfigureAwait(false);
        if (scope.ModelName is { } only)
        {
            return models.Any(m => string.Equals(m.Name, only, StringComparison.Ordinal)) ? [only] : throw new ModelNotFoundException(only);
        }

        return [.. models.Select(static m => m.Name).Order(StringComparer.Ordinal)];
    }

    private async Task<FairnessThresholds> FairnessLimitsAsync(string modelName, CancellationToken cancellationToken)
    {
        if (_governance is null)
        {
            return FairnessThresholds.FourFifthsRule;
        }

        var effective = await _governance.GetPolicyAsync(modelName, cancellationToken).ConfigureAwait(false);
        return effective.Policy.Gates.OfType<FairnessGate>().FirstOrDefault() is { } gate
            ? new FairnessThresholds(gate.MinimumDemographicParityRatio, gate.MaximumEqualizedOddsDifference,
                $"the fairness gate of the promotion policy ({Describe(effective.Source)})")
            : FairnessThresholds.FourFifthsRule;
    }

    private static string Describe(PromotionPolicySource source) => source switch
    {
        PromotionPolicySource.StoredModelPolicy => "stored for this model",
        PromotionPolicySource.ConfiguredModelPolicy => "configured for this model",
        PromotionPolicySource.StoredDefaultPolicy => "the registry's stored default",
        _ => "the configured default",
    };

    /// <summary>
    /// Reads the windows of a version in the period, oldest first, and when the latest window up to the period's end ended: the stored
    /// monitoring reports, each on its own, and the saved windows of every instance, merged per aligned period into the fleet's
    /// window. Saved windows are read one at a time and added to their period's merge, so only one profile per period is held.
    /// Windows that are not aligned stay one per instance, and each instance's latest concept-drift status is kept apart, since
    /// neither merges.
    /// </summary>
    private async Task<(List<StoredMonitoringWindow> InScope, DateTimeOffset? LastDataAt, IReadOnlyList<FeatureHistogram> LatestBins, List<InstanceConceptDrift> ConceptDrift)> ReadWindowsAsync(string modelName, int version, ReportScope scope, CancellationToken cancellationToken)
    {
        var windows = new List<StoredMonitoringWindow>();
        DateTimeOffset? lastDataAt = null;
        void Seen(DateTimeOffset endedAt) => lastDataAt = lastDataAt is { } seen && seen > endedAt ? seen : endedAt;

        // Purged windows (retention) keep their metadata only: the report covers what is still stored. A window is saved when it
        // closes, so one saved after the period ended cannot be about it.
        bool Stored(ModelDocument d) => d.Purged is null && (scope.To is not { } to || d.AttachedAt <= to);

        var reports = await _registry.ListDocumentsAsync(modelName, version, DocumentKinds.MonitoringReport, cancellationToken).ConfigureAwait(false);
        foreach (var document in reports.Where(d => Stored(d) && !string.Equals(d.Name, MonitoringReportRegistryExtensions.ValidationName, StringComparison.Ordinal)))
        {
            var content = await _registry.ReadDocumentAsync(document, cancellationToken).ConfigureAwait(false);
            var window = new StoredMonitoringWindow(version, document, MonitoringReport.FromJson(content.Span));
            if (scope.To is { } end && window.EndedAt > end)
            {
                continue;
            }

            Seen(window.EndedAt);
            if (scope.Contains(window.EndedAt))
            {
                windows.Add(window);
            }
        }

        (StoredMonitoringWindow Window, DataProfile Profile, string ReferenceName)? latestBinned = null;
        var periods = new Dictionary<MonitoringPeriod, FleetPeriod>();
        var conceptDrift = new SortedDictionary<string, InstanceConceptDrift>(StringComparer.Ordinal);
        var saved = await _registry.ListDocumentsAsync(modelName, version, DocumentKinds.MonitoringWindow, cancellationToken).ConfigureAwait(false);
        foreach (var document in saved.Where(Stored).OrderBy(static d => d.Sequence))
        {
            var content = await _registry.ReadDocumentAsync(document, cancellationToken).ConfigureAwait(false);
            var window = SavedMonitoringWindow.FromJson(content.Span);
            if (scope.To is { } end && window.EndedAt > end)
            {
                continue;
            }

            Seen(window.EndedAt);
            if (!scope.Contains(window.EndedAt))
            {
                continue;
            }

            if (window.Report.ConceptDrift.Count > 0
                && (!conceptDrift.TryGetValue(window.InstanceId, out var seen) || window.EndedAt >= seen.WindowEndedAt))
            {
                conceptDrift[window.InstanceId] = new InstanceConceptDrift(version, window.InstanceId, window.EndedAt, window.Report.ConceptDrift);
            }

            if (window.Period is not { } period)
            {
                var alone = new StoredMonitoringWindow(version, document, window.Report) { Instances = [window.InstanceId] };
                windows.Add(alone);
                if (latestBinned is null || alone.EndedAt >= latestBinned.Value.Window.EndedAt)
                {
                    latestBinned = (alone, window.Profile, window.ReferenceProfileName);
                }

                continue;
            }

            if (!periods.TryGetValue(period, out var fleet))
            {
                periods[period] = fleet = new FleetPeriod();
            }

            fleet.Add(document, window);
        }

        var references = new Dictionary<string, DataProfile>(StringComparer.Ordinal);
        foreach (var fleet in periods.Values)
        {
            if (!references.TryGetValue(fleet.ReferenceProfileName, out var reference))
            {
                reference = await _registry.LoadReferenceProfileAsync(modelName, version, fleet.ReferenceProfileName, cancellationToken).ConfigureAwait(false);
                references[fleet.ReferenceProfileName] = reference;
            }

            var merged = fleet.Merger.ToMergedWindow(reference);
            var stored = new StoredMonitoringWindow(version, fleet.LastDocument, merged.Report) { Period = merged.Period, Instances = merged.Instances };
            windows.Add(stored);
            if (latestBinned is null || stored.EndedAt >= latestBinned.Value.Window.EndedAt)
            {
                latestBinned = (stored, merged.Profile, fleet.ReferenceProfileName);
            }
        }

        windows.Sort(static (a, b) => a.EndedAt.CompareTo(b.EndedAt));
        IReadOnlyList<FeatureHistogram> histograms = [];
        if (latestBinned is { } latest)
        {
            if (!references.TryGetValue(latest.ReferenceName, out var reference))
            {
                reference = await _registry.LoadReferenceProfileAsync(modelName, version, latest.ReferenceName, cancellationToken).ConfigureAwait(false);
            }

            histograms = FeatureHistograms.Of(version, latest.Window, reference, latest.Profile);
        }

        return (windows, lastDataAt, histograms, [.. conceptDrift.Values]);
    }

    /// <summary>
    /// Reads the scorer telemetry every instance saved for a version in the period (the latest revision of each series, and the
    /// single-period documents of earlier versions) and merges it per period (the snapshots of one period from every instance), or per
    /// UTC day when there are more than <see cref="ScoringLoad.MaxPeriods"/> periods.
    /// </summary>
    private async Task<ScoringLoad?> ReadScoringAsync(string modelName, int version, ReportScope scope, CancellationToken cancellationToken)
    {
        var periods = new SortedDictionary<DateTimeOffset, ScorerTelemetryTotal>();
        void Add(ScorerTelemetrySnapshot snapshot)
        {
            if (scope.Contains(snapshot.PeriodStart))
            {
                if (!periods.TryGetValue(snapshot.PeriodStart, out var period))
                {
                    periods[snapshot.PeriodStart] = period = new ScorerTelemetryTotal();
                }

                period.Add(snapshot);
            }
        }

        // Each revision of a series holds every period of the revisions before it: only the latest unpurged one is read.
        var series = await _registry.ListDocumentsAsync(modelName, version, DocumentKinds.ScorerTelemetrySeries, cancellationToken).ConfigureAwait(false);
        foreach (var latest in series.Where(static d => d.Purged is null).GroupBy(static d => d.Name, StringComparer.Ordinal).Select(static g => g.MaxBy(static d => d.Revision)!))
        {
            var content = await _registry.ReadDocumentAsync(latest, cancellationToken).ConfigureAwait(false);
            foreach (var snapshot in ScorerTelemetrySeries.FromJson(content.Span).Snapshots)
            {
                Add(snapshot);
            }
        }

        // One period per revision, as hosts of earlier versions of this library saved it.
        var single = await _registry.ListDocumentsAsync(modelName, version, DocumentKinds.ScorerTelemetry, cancellationToken).ConfigureAwait(false);
        foreach (var document in single.Where(d => d.Purged is null && (scope.To is not { } to || d.AttachedAt <= to)).OrderBy(static d => d.Sequence))
        {
            var content = await _registry.ReadDocumentAsync(document, cancellationToken).ConfigureAwait(false);
            Add(ScorerTelemetrySnapshot.FromJson(content.Span));
        }

        if (periods.Count == 0)
        {
            return null;
        }

        // Summed per period (every instance's snapshot of it), then per UTC day when there are too many periods to show, and in total.
        var first = periods.Values.First();
        var length = first.PeriodEnd - first.PeriodStart;
        var total = new ScorerTelemetryTotal();
        var days = new SortedDictionary<DateTime, ScorerTelemetryTotal>();
        foreach (var period in periods.Values)
        {
            total.Add(period);
            if (periods.Count > ScoringLoad.MaxPeriods)
            {
                var day = period.PeriodStart.UtcDateTime.Date;
                if (!days.TryGetValue(day, out var sum))
                {
                    days[day] = sum = new ScorerTelemetryTotal();
                }

                sum.Add(period);
            }
        }

        List<ScorerTelemetrySnapshot> merged = days.Count == 0
            ? [.. periods.Values.Select(static p => p.ToSnapshot())]
            : [.. days.Select(static d => d.Value.ToSnapshot() with
            {
                PeriodStart = new DateTimeOffset(d.Key, TimeSpan.Zero),
                PeriodEnd = new DateTimeOffset(d.Key, TimeSpan.Zero).AddDays(1),
            })];
        if (days.Count > 0)
        {
            length = TimeSpan.FromDays(1);
        }

        return new ScoringLoad(version, length, [.. merged.TakeLast(ScoringLoad.MaxPeriods).Select(ScoringLoadPeriod.From)], ScoringLoadPeriod.From(total.ToSnapshot()));
    }

    private async Task<IReadOnlyList<ApprovalEntry>> ApprovalsAsync(string modelName, int version, CancellationToken cancellationToken)
    {
        var documents = await _registry.ListDocumentsAsync(modelName, version, DocumentKinds.Approval, cancellationToken).ConfigureAwait(false);
        var approvals = new List<ApprovalEntry>(documents.Count);
        foreach (var document in documents)
        {
            var content = await _registry.ReadDocumentAsync(document, cancellationToken).ConfigureAwait(false);
            ApprovalRecord? record;
            try
            {
                record = JsonSerializer.Deserialize<ApprovalRecord>(content.Span, ApprovalJson);
            }
            catch (JsonException ex)
            {
                throw new StorageFormatException(DocumentKinds.Approval, $"The approval of '{modelName}' version {version} (revision {document.Revision}) is not an approval record: {ex.Message}", ex);
            }

            approvals.Add(new ApprovalEntry(document.AttachedBy, document.AttachedAt, record?.Comment));
        }

        return approvals;
    }

    private async Task<IReadOnlyList<ExperimentReport>> ReadExperimentsAsync(string modelName, ReportScope scope, CancellationToken cancellationToken)
    {
        var definitions = await _registry.ListDocumentsAsync(modelName, null, DocumentKinds.Experiment, cancellationToken).ConfigureAwait(false);
        var statistics = await _registry.ListDocumentsAsync(modelName, null, DocumentKinds.ExperimentStatistics, cancellationToken).ConfigureAwait(false);
        var reports = new List<ExperimentReport>();
        foreach (var name in definitions.Select(static d => d.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var history = await _experiments.GetHistoryAsync(modelName, name, cancellationToken).ConfigureAwait(false);
            var revisions = history.Where(r => scope.To is not { } to || r.Document.AttachedAt < to).ToList();
            if (revisions.Count == 0)
            {
                continue;
            }

            var definition = revisions[^1].Definition;
            var startedAt = revisions[0].Document.AttachedAt;
            var merged = await MergedStatisticsAsync(statistics, name, scope, cancellationToken).ConfigureAwait(false);
            var overTime = definition.Evaluation is null ? [] : await StatisticsOverTimeAsync(statistics, name, scope, cancellationToken).ConfigureAwait(false);
            var looks = new List<ExperimentLook>();
            foreach (var arm in definition.Challengers)
            {
                var look = await LookAsync(definition, merged, arm.Name, startedAt, cancellationToken).ConfigureAwait(false);
                var effects = new List<EffectAtTime>(overTime.Count);
                foreach (var (at, then) in overTime)
                {
                    if ((await LookAsync(definition, then, arm.Name, startedAt, cancellationToken).ConfigureAwait(false)).Decision is { } decision)
                    {
                        effects.Add(new EffectAtTime(at, decision));
                    }
                }

                looks.Add(look with { EffectHistory = effects });
            }

            reports.Add(new ExperimentReport(definition, startedAt, merged, looks));
        }

        return reports;
    }

    /// <summary>Merges the latest statistics each instance saved up to the period's end (as <c>ExperimentStatisticsStore.LoadMergedAsync</c> does up to now).</summary>
    private async Task<ExperimentStatistics?> MergedStatisticsAsync(IReadOnlyList<ModelDocument> documents, string experimentName, ReportScope scope, CancellationToken cancellationToken)
    {
        var saved = SavedStatistics(documents, experimentName, scope);
        return await MergeLatestAsync(saved, experimentName, DateTimeOffset.MaxValue, [], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The unpurged statistics snapshots of an experiment saved before the period's end (one document name per instance), in saving order.</summary>
    private static List<ModelDocument> SavedStatistics(IReadOnlyList<ModelDocument> documents, string experimentName, ReportScope scope)
    {
        var prefix = experimentName + ".";
        return documents
            .Where(d => d.Purged is null && d.Name.StartsWith(prefix, StringComparison.Ordinal) && (scope.To is not { } to || d.AttachedAt < to))
            .OrderBy(static d => d.Sequence)
            .ToList();
    }

    /// <summary>Every instance's latest snapshot saved at or before <paramref name="moment"/>, merged; <paramref name="read"/> keeps what was read, by sequence.</summary>
    private async Task<ExperimentStatistics?> MergeLatestAsync(
        List<ModelDocument> saved, string experimentName, DateTimeOffset moment, Dictionary<long, ExperimentStatistics> read, CancellationToken cancellationToken)
    {
        ExperimentStatistics? merged = null;
        foreach (var latest in saved.Where(d => d.AttachedAt <= moment).GroupBy(static d => d.Name, StringComparer.Ordinal).Select(static g => g.MaxBy(static d => d.Revision)!))
        {
            if (!read.TryGetValue(latest.Sequence, out var statistics))
            {
                var content = await _registry.ReadDocumentAsync(latest, cancellationToken).ConfigureAwait(false);
                read[latest.Sequence] = statistics = ExperimentStatistics.FromUtf8Json(content.Span);
            }

            if (string.Equals(statistics.ExperimentName, experimentName, StringComparison.Ordinal))
            {
                merged = merged is null ? statistics : ExperimentStatistics.Merge(merged, statistics);
            }
        }

        return merged;
    }

    /// <summary>
    /// The statistics as they stood at up to <see cref="ExperimentLook.MaxEffectHistory"/> moments of the period, evenly spread over
    /// the moments a snapshot was saved and ending with the last: at each, every instance's latest snapshot until then, merged.
    /// </summary>
    private async Task<IReadOnlyList<(DateTimeOffset At, ExperimentStatistics Statistics)>> StatisticsOverTimeAsync(
        IReadOnlyList<ModelDocument> documents, string experimentName, ReportScope scope, CancellationToken cancellationToken)
    {
        var saved = SavedStatistics(documents, experimentName, scope);
        var moments = saved.Select(static d => d.AttachedAt).Where(scope.Contains).Distinct().Order().ToList();
        if (moments.Count > ExperimentLook.MaxEffectHistory)
        {
            var last = moments.Count - 1;
            moments = [.. Enumerable.Range(0, ExperimentLook.MaxEffectHistory).Select(i => moments[(int)((long)i * last / (ExperimentLook.MaxEffectHistory - 1))]).Distinct()];
        }

        var read = new Dictionary<long, ExperimentStatistics>();
        var result = new List<(DateTimeOffset, ExperimentStatistics)>(moments.Count);
        foreach (var moment in moments)
        {
            if (await MergeLatestAsync(saved, experimentName, moment, read, cancellationToken).ConfigureAwait(false) is { } merged)
            {
                result.Add((moment, merged));
            }
        }

        return result;
    }

    private async Task<ExperimentLook> LookAsync(ExperimentDefinition definition, ExperimentStatistics? statistics, string challengerArm, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var empty = statistics ?? new ExperimentStatistics { ExperimentName = definition.Name, Instances = [], Arms = [] };
        var policy = definition.Evaluation;
        var request = EvaluationRequest.ForChallenger(definition, empty, challengerArm, policy ?? new EvaluationPolicy(), startedAt);
        ExperimentDecision? decision = null;
        if (policy is not null && statistics is not null)
        {
            decision = await _evaluator.EvaluateAsync(request, cancellationToken).ConfigureAwait(false);
        }

        return new ExperimentLook(challengerArm, request.Champion, request.Challenger, decision);
    }

    /// <summary>The saved windows of one aligned period being merged, and the document saved last.</summary>
    private sealed class FleetPeriod
    {
        public MonitoringWindowMerger Merger { get; } = new();

        public ModelDocument LastDocument { get; private set; } = null!;

        public string ReferenceProfileName { get; private set; } = ReferenceProfileRegistryExtensions.DefaultName;

        public void Add(ModelDocument document, SavedMonitoringWindow window)
        {
            Merger.Add(window);
            LastDocument = document;
            ReferenceProfileName = window.ReferenceProfileName;
        }
    }
}
