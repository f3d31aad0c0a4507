using Microsoft.Extensions.Options;
using ModelOps.Sdk.Audit;

namespace ModelOps.Sdk.Governance.Retention;

/// <summary>The default <see cref="IRetentionService"/>: plans from the registry's state and purges through the registry's guarded calls.</summary>
internal sealed class RetentionService : IRetentionService
{
    /// <summary>The name of the stored policy document (one per model, and one at registry level for the default).</summary>
    public const string DocumentName = "retention";

    private readonly IModelRegistry _registry;
    private readonly RetentionOptions _options;
    private readonly TimeProvider _time;

    public RetentionService(IModelRegistry registry, IOptions<RetentionOptions> options, TimeProvider time)
    {
        _registry = registry;
        _options = options.Value;
        _time = time;
    }

    public async Task<RetentionPlan> PlanAsync(string? modelName = null, CancellationToken cancellationToken = default)
    {
        await _registry.RefreshAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        IReadOnlyList<string> models = modelName is not null
            ? [modelName]
            : (await _registry.ListModelsAsync(cancellationToken).ConfigureAwait(false)).Select(m => m.Name).ToArray();
        var policies = new List<EffectiveRetentionPolicy>();
        var decisions = new List<RetentionDecision>();
        foreach (var model in models)
        {
            var effective = await GetPolicyAsync(model, cancellationToken).ConfigureAwait(false);
            policies.Add(effective);
            if (effective.Policy is { } policy)
            {
                decisions.AddRange(await PlanModelAsync(model, policy, now, cancellationToken).ConfigureAwait(false));
            }
        }

        return new RetentionPlan(now, policies, decisions);
    }

    public async Task<RetentionResult> ApplyAsync(string? modelName, string reason, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new InvalidRegistrationException(modelName, "reason", "applying retention requires a reason");
        }

        var plan = await PlanAsync(modelName, cancellationToken).ConfigureAwait(false);
        var purged = new List<RetentionDecision>();
        var skipped = new List<RetentionSkip>();
        var conditions = new Dictionary<string, RetentionPurgeCondition>(StringComparer.Ordinal);
        foreach (var decision in plan.ToPurge)
        {
            var policy = plan.Policies.First(p => string.Equals(p.ModelName, decision.ModelName, StringComparison.Ordinal));
            var why = $"{reason}: {policy.Description}, {string.Join(", ", decision.Rules)} ({decision.Explanation})";
            try
            {
                if (decision.Document is { } document)
                {
                    await _registry.PurgeDocumentAsync(document, why, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    // The policy is evaluated again on the state the purge commits to: what it keeps by then stays.
                    if (!conditions.TryGetValue(decision.ModelName, out var condition))
                    {
                        conditions[decision.ModelName] = condition = new RetentionPurgeCondition(policy, _options);
                    }

                    await _registry.PurgeVersionUnlessKeptAsync(decision.ModelName, decision.Version!.Value, why, condition, cancellationToken).ConfigureAwait(false);
                }

                purged.Add(decision);
            }
            catch (VersionRetainedException ex)
            {
                skipped.Add(new RetentionSkip(decision, ex.Message) { Rules = ex.Rules });
            }
            catch (LifecycleTransitionException ex)
            {
                // An alias moved to the version after the plan was made: the registry refused at commit, and the version stays.
                skipped.Add(new RetentionSkip(decision, ex.Message) { Rules = [RetentionRules.InProduction] });
            }
        }

        return new RetentionResult(plan, purged, skipped);
    }

    public async Task<EffectiveRetentionPolicy> SetPolicyAsync(string? modelName, RetentionPolicyDocument policy, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new InvalidRegistrationException(modelName, "reason", "changing a retention policy requires a reason");
        }

        policy.ThrowIfInvalid(modelName);
        ModelDocument stored;
        using (GovernanceGuard.AllowPolicy())
        {
            stored = await _registry.AttachDocumentAsync(new DocumentAttachment
            {
                ModelName = modelName,
                Kind = DocumentKinds.RetentionPolicy,
                Name = DocumentName,
                Content = policy.ToUtf8Json(),
                Reason = reason,
            }, cancellationToken).ConfigureAwait(false);
        }

        return new EffectiveRetentionPolicy(
            modelName, modelName is null ? RetentionPolicySource.StoredDefaultPolicy : RetentionPolicySource.StoredModelPolicy, policy, stored);
    }

    public async Task<EffectiveRetentionPolicy> GetPolicyAsync(string? modelName, CancellationToken cancellationToken = default)
    {
        if (modelName is not null)
        {
            if (await LatestAsync(modelName, cancellationToken).ConfigureAwait(false) is { } stored)
            {
                return new EffectiveRetentionPolicy(modelName, RetentionPolicySource.StoredModelPolicy, await ReadAsync(stored, cancellationToken).ConfigureAwait(false), stored);
            }

            if (_options.Policies.TryGetValue(modelName, out var configured))
            {
                return new EffectiveRetentionPolicy(modelName, RetentionPolicySource.ConfiguredModelPolicy, configured, null);
            }
        }

        if (await LatestAsync(null, cancellationToken).ConfigureAwait(false) is { } storedDefault)
        {
            return new EffectiveRetentionPolicy(modelName, RetentionPolicySource.StoredDefaultPolicy, await ReadAsync(storedDefault, cancellationToken).ConfigureAwait(false), storedDefault);
        }

        return _options.DefaultPolicy is { } configuredDefault
            ? new EffectiveRetentionPolicy(modelName, RetentionPolicySource.ConfiguredDefaultPolicy, configuredDefault, null)
            : new EffectiveRetentionPolicy(modelName, RetentionPolicySource.None, null, null);
    }

    private async Task<ModelDocument?> LatestAsync(string? modelName, CancellationToken cancellationToken)
    {
        var documents = await _registry.ListDocumentsAsync(modelName, null, DocumentKinds.RetentionPolicy, cancellationToken).ConfigureAwait(false);
        return documents.Where(d => string.Equals(d.Name, DocumentName, StringComparison.Ordinal)).MaxBy(d => d.Revision);
    }

    private async Task<RetentionPolicyDocument> ReadAsync(ModelDocument stored, CancellationToken cancellationToken)
    {
        var content = await _registry.ReadDocumentAsync(stored, cancellationToken).ConfigureAwait(false);
        try
        {
            return RetentionPolicyDocument.FromJson(content.Span);
        }
        catch (InvalidRetentionPolicyException ex)
        {
            // Fails closed: a stored policy this process cannot read plans nothing rather than falling back to a looser one.
            throw new InvalidRetentionPolicyException(stored.ModelName, [$"revision {stored.Revision} as stored: {string.Join("; ", ex.Errors)}"]);
        }
    }

    private async Task<List<RetentionDecision>> PlanModelAsync(string model, RetentionPolicyDocument policy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var versions = new List<ModelVersion>();
        for (int? after = 0; after is { } a;)
        {
            var page = await _registry.ListVersionsAsync(model, a, 1000, cancellationToken).ConfigureAwait(false);
            versions.AddRange(page.Items);
            after = page.NextAfterVersion;
        }

        var current = VersionRetention.CurrentTargets(await _registry.ListAliasesAsync(model, cancellationToken).ConfigureAwait(false));
        var lastTargeted = VersionRetention.LastTargeted(await AliasHistoryAsync(model, cancellationToken).ConfigureAwait(false), now);
        var latest = versions.Count;
        var decisions = new List<RetentionDecision>();
        foreach (var version in versions)
        {
            if (version.Purged is null)
            {
                decisions.Add(VersionRetention.Decide(version, policy, _options, now, latest, current, lastTargeted));
            }
        }

        foreach (var version in versions)
        {
            var documents = await _registry.ListDocumentsAsync(model, version.Version, DocumentKinds.MonitoringReport, cancellationToken).ConfigureAwait(false);
            DecideDocuments(decisions, model, version.Version, documents, policy.MonitoringReports, now);
            var telemetry = await _registry.ListDocumentsAsync(model, version.Version, DocumentKinds.ScorerTelemetry, cancellationToken).ConfigureAwait(false);
            DecideDocuments(decisions, model, version.Version, telemetry, policy.ScorerTelemetry, now);
            var series = await _registry.ListDocumentsAsync(model, version.Version, DocumentKinds.ScorerTelemetrySeries, cancellationToken).ConfigureAwait(false);
            DecideDocuments(decisions, model, version.Version, series, policy.ScorerTelemetry, now);
        }

        var statistics = await _registry.ListDocumentsAsync(model, null, DocumentKinds.ExperimentStatistics, cancellationToken).ConfigureAwait(false);
        DecideDocuments(decisions, model, null, statistics, policy.ExperimentStatistics, now);
        return decisions;
    }

    /// <summary>Every change of every alias of the model, deleted aliases included (their history is in the audit chain).</summary>
    private async Task<List<AliasChange>> AliasHistoryAsync(string model, CancellationToken cancellationToken)
    {
        var names = (await _registry.ReadAuditLogAsync(model, cancellationToken).ConfigureAwait(false))
            .Where(e => e.Alias is not null && e.Operation is AuditOperations.AliasMoved or AuditOperations.AliasRolledBack or AuditOperations.AliasDeleted)
            .Select(e => e.Alias!)
            .Distinct(StringComparer.Ordinal);
        var history = new List<AliasChange>();
        foreach (var name in names)
        {
            history.AddRange(await _registry.GetAliasHistoryAsync(model, name, cancellationToken).ConfigureAwait(false));
        }

        return history;
    }

    private void DecideDocuments(List<RetentionDecision> decisions, string model, int? version, IReadOnlyList<ModelDocument> documents, DocumentRetention retention, DateTimeOffset now)
    {
        var latestByName = documents.GroupBy(d => d.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Max(d => d.Revision), StringComparer.Ordinal);

        // A series' revisions each hold every period of the ones before: the superseded go, and the latest are what is counted and
        // aged (never kept merely for being the latest).
        var isSeries = documents.Count > 0 && string.Equals(documents[0].Kind, DocumentKinds.ScorerTelemetrySeries, StringComparison.Ordinal);
        if (isSeries)
        {
            var read = documents.Where(static d => d.Purged is null).GroupBy(static d => d.Name, StringComparer.Ordinal)
                .ToDictionary(static g => g.Key, static g => g.Max(static d => d.Revision), StringComparer.Ordinal);
            foreach (var superseded in documents.Where(d => d.Purged is null && d.Revision != read[d.Name]))
            {
                decisions.Add(new RetentionDecision(model, version, superseded, RetentionAction.Purge, [RetentionRules.SupersededRevision],
                    $"revision {read[superseded.Name]} of '{superseded.Name}' holds every period of this one"));
            }

            documents = [.. documents.Where(d => d.Purged is null && d.Revision == read[d.Name])];
        }

        var newestFirst = documents.OrderByDescending(d => d.Sequence).ToArray();
        for (var rank = 0; rank < newestFirst.Length; rank++)
        {
            var document = newestFirst[rank];
            if (document.Purged is not null)
            {
                continue;
            }

            var age = now - document.AttachedAt;
            var keep = new List<string>();
            var words = new List<string>();
            if (!isSeries && latestByName[document.Name] == document.Revision)
            {
                keep.Add(RetentionRules.LatestRevision);
                words.Add($"the latest revision of '{document.Name}'");
            }

            if (string.Equals(document.Kind, DocumentKinds.MonitoringReport, StringComparison.Ordinal) && string.Equals(document.Name, ValidationReportName, StringComparison.Ordinal))
            {
                keep.Add(RetentionRules.GovernanceEvidence);
                words.Add("the validation report the gates read");
            }

            if (string.Equals(document.Kind, DocumentKinds.MonitoringReport, StringComparison.Ordinal)
                && _options.ReportHistoryWindow > TimeSpan.Zero && age <= _options.ReportHistoryWindow)
            {
                keep.Add(RetentionRules.ReportHistoryWindow);
                words.Add($"attached {VersionRetention.Days(age)} ago, within the report's history window {VersionRetention.Days(_options.ReportHistoryWindow)}");
            }

            var limits = new List<string>();
            var over = new List<string>();
            if (retention.KeepLast is { } keepLast && rank >= keepLast)
            {
                limits.Add(RetentionRules.DocumentKeepLast);
                over.Add($"number {rank + 1} from the newest {document.Kind} here, beyond the last {keepLast}");
            }

            if (retention.MaxAge is { } maxAge && age > maxAge)
            {
                limits.Add(RetentionRules.DocumentMaxAge);
                over.Add($"attached {VersionRetention.Days(age)} ago, older than {VersionRetention.Days(maxAge)}");
            }

            if (keep.Count == 0 && limits.Count > 0)
            {
                decisions.Add(new RetentionDecision(model, version, document, RetentionAction.Purge, limits, string.Join("; ", over)));
            }
            else
            {
                if (keep.Count == 0)
                {
                    words.Add("within every limit of its kind");
                }

                decisions.Add(new RetentionDecision(model, version, document, RetentionAction.Keep, keep, string.Join("; ", words)));
            }
        }
    }

    /// <summary>The name of the monitoring report governance's gates and the model card read (<c>ValidationReportGate.ReportName</c>).</summary>
    private static string ValidationReportName => Gates.ValidationReportGate.ReportName;

}
