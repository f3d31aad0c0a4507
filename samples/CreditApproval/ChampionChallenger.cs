using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.ML;
using ModelOps.Sdk;
using ModelOps.Sdk.Loops;
using ModelOps.Sdk.Monitoring.Monitors;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Schema;
using ModelOps.Sdk.Predictions;
using ModelOps.Sdk.Routing;
using ModelOps.Sdk.Routing.Automation;
using ModelOps.Sdk.Routing.Control;
using ModelOps.Sdk.Routing.Evaluation;
using ModelOps.Sdk.Routing.Experiments;
using ModelOps.Sdk.Routing.Predictions;
using ModelOps.Sdk.Routing.Statistics;
using ModelOps.Sdk.Scoring;

namespace CreditApproval;

/// <summary>
/// Part three of the sample: champion–challenger. A challenger trained on more data first runs as a shadow, then on a 10% sticky
/// split; repayment outcomes arrive a month after each decision; the routing loops (<c>AddRoutingLoops</c>) evaluate it every day and
/// promote it; a real monitor's drift alert then makes the evaluation loop roll it back; the audit log shows every step with its
/// evidence. Weeks pass on a simulated clock (whose timers drive the loops), so the sample runs in seconds.
/// </summary>
internal static class ChampionChallenger
{
    public const string Model = "credit-approval-cc";

    // The bank approves when P(default) is below this, earns 20% of the loan when it is repaid and loses 100% when it is not.
    private const double ApproveBelow = 0.25;

    public static async Task RunAsync(Action<int, string> step)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddModelOps().UseInMemory().AddMLNet().AddRouting(o => o.InstanceId = "credit-web-1").AddMonitoring()
            .AddRoutingLoops(o =>
            {
                // The loops a host would run: evaluate every day, promote a winner, roll it back if a guardrail breaks later.
                o.Experiments.Add($"{Model}/split");
                o.EvaluationInterval = TimeSpan.FromDays(1);
                o.StatisticsSnapshotInterval = TimeSpan.FromDays(1);
                o.RampEnabled = false;
                o.AutoPromote = true;
            });
        await using var provider = services.BuildServiceProvider();
        var registry = provider.GetRequiredService<IModelRegistry>();
        var experiments = provider.GetRequiredService<ExperimentStore>();
        var scorers = provider.GetRequiredService<IRoutedScorerFactory>();
        var outcomes = provider.GetRequiredService<OutcomeRecorder>();
        var recorders = provider.GetRequiredService<ExperimentRecorders>();
        var statisticsStore = provider.GetRequiredService<ExperimentStatisticsStore>();

        // 16. The champion was trained on 300 applications; the challenger on 10,000.
        var champion = await RegisterAsync(registry, SyntheticCreditData.Generate(300, seed: 21), "scorecard on 300 applications");
        var challenger = await RegisterAsync(registry, SyntheticCreditData.Generate(10_000, seed: 22), "scorecard on 10,000 applications");
        await registry.SetAliasAsync(Model, "champion", champion.Version, "first release");
        await registry.SetAliasAsync(Model, "challenger", challenger.Version, "candidate trained on more data");
        step(19, $"{Model}: champion v{champion.Version} (300 applications), challenger v{challenger.Version} (10,000 applications).");

        // 17. Shadow first: the champion answers every call; the challenger scores the same input off the caller's path.
        await experiments.SaveAsync(
            new ExperimentBuilder(Model, "shadow").WithChampionAlias("champion").AddChallengerAlias("more-data", "challenger").WithShadowMode().Build(),
            "shadow the challenger before it serves anyone");
        await using (var shadow = await scorers.CreateAsync<CreditFeatures, CreditPrediction>(Model, "shadow", p => p.Probability))
        {
            var calls = SyntheticCreditData.Generate(2_000, seed: 23);
            var served = calls.Select(a => shadow.Score(CreditFeatures.From(a))).Count(p => p.Arm == "champion");
            var compared = await WaitForShadowsAsync(recorders, shadow, calls.Count);
            step(20, $"Shadow: {served:N0} of {calls.Count:N0} calls answered by the champion; {compared.Pairs:N0} compared ({shadow.ShadowCallsDropped} dropped): " +
                $"agreement {compared.AgreementRate:P1}, mean P(default) difference {compared.ScoreDifference.Mean:+0.000;-0.000} (challenger − champion).");
        }

        // 18. Then live on a 10% split, sticky per customer, judged on the bank's reward per decision, with the evaluation policy
        //     stored in the experiment, where the evaluation loop reads it.
        var policy = new EvaluationPolicy
        {
            MinimumDuration = TimeSpan.FromDays(14),
            MinimumSamplesPerArm = 1_000,
            MixingVariance = 0.01 * 0.01,
            MaximumP95LatencyRatio = null, // on a shared machine the first calls' JIT dominates latency; production keeps the default
        };
        var split = new ExperimentBuilder(Model, "split").WithChampionAlias("champion", weight: 90).AddChallengerAlias("more-data", "challenger", weight: 10)
            .WithStickyAssignment().WithMetric(QualityMetricKind.Reward).WithEvaluation(policy).Build();
        await experiments.SaveAsync(split, "challenger looked sane in shadow: 10% sticky split");
        var started = clock.GetUtcNow();
        step(21, $"Split 90/10 started {started:yyyy-MM-dd}; sticky by customer id; reward = +0.2 per repaid approved loan, −1 per default.");

        // 19. The routing loops start as a host would start them (ModelOps.Sdk.Hosting does it for you), then run by the clock.
        var automation = provider.GetRequiredService<ChampionChallengerAutomation>();
        ChampionPromotedEventArgs? promotion = null;
        ChampionRolledBackEventArgs? rollback = null;
        automation.Promoted += (_, e) => promotion = e;
        automation.RolledBack += (_, e) => rollback = e;
        var loops = provider.GetServices<IModelOpsLoop>().ToList();
        var evaluation = loops.Single(l => l.Name == "routing:evaluation");
        foreach (var loop in loops)
        {
            await loop.StartAsync(CancellationToken.None);
        }

        // 20. Each day 4,000 customers apply; the outcome of a decision is known 30 days later. At the end of each day the
        //     evaluation loop evaluates on everything recorded so far and, once the challenger is better, promotes it.
        var pending = new Queue<(DateTimeOffset Due, List<(PredictionId Id, double Reward)> Outcomes)>();
        await using (var scorer = await scorers.CreateAsync<CreditFeatures, CreditPrediction>(Model, "split"))
        {
            for (var day = 0; day < 120 && promotion is null; day++)
            {
                var today = SyntheticCreditData.Generate(4_000, seed: 1_000 + day);
                var decided = new List<(PredictionId, double)>(today.Count);
                for (var i = 0; i < today.Count; i++)
                {
                    var prediction = scorer.Score(CreditFeatures.From(today[i]), entityKey: $"customer-{day}-{i}");
                    var approved = prediction.Value.Probability < ApproveBelow;
                    decided.Add((prediction.Id, !approved ? 0 : today[i].Defaulted ? -1.0 : 0.2));
                }

                pending.Enqueue((clock.GetUtcNow().AddDays(30), decided));
                var endOfDay = clock.GetUtcNow().AddDays(1);
                while (pending.Count > 0 && pending.Peek().Due <= endOfDay)
                {
                    foreach (var (id, reward) in pending.Dequeue().Outcomes)
                    {
                        await outcomes.RecordRewardAsync(id.ToString(), reward);
                    }
                }

                await AdvanceAsync(clock, TimeSpan.FromDays(1), evaluation);
            }
        }

        if (promotion is null)
        {
            step(22, $"Day {(clock.GetUtcNow() - started).TotalDays:F0}: no promotion; the challenger stays a challenger.");
            await StopAsync(loops);
            return;
        }

        var decision = promotion.Decision;
        var evidence = decision.Evidence;
        step(22, $"Day {(clock.GetUtcNow() - started).TotalDays:F0}: {decision.Kind} ({decision.Rule}). Reward per decision {evidence.ChallengerMean:F4} vs {evidence.ChampionMean:F4}, " +
            $"effect {evidence.EffectEstimate:+0.0000;-0.0000} [{evidence.ConfidenceLower:F4}, {evidence.ConfidenceUpper:F4}], always-valid p {evidence.AlwaysValidPValue:G3}, " +
            $"outcomes {evidence.ChallengerSamples:N0} / {evidence.ChampionSamples:N0}.");
        step(23, $"Auto-promote by the evaluation loop: champion v{promotion.PreviousVersion} -> v{promotion.Alias.Version} " +
            $"(only if still at v{promotion.PreviousVersion}), evidence document rev {promotion.EvidenceDocument.Revision}; experiment concluded.");

        // 21. A week later the new champion's monitor (a real ModelMonitor over the reference profile stored with it) sees debt-to-income
        //     ratios shifted up: its alert becomes a drift signal of the monitoring package's IModelSignalSource, which the
        //     evaluation loop reads for the version it promoted; at its next run the guardrail breach rolls the champion back.
        await AdvanceAsync(clock, TimeSpan.FromDays(7), evaluation);
        var schema = new MonitoringSchemaBuilder<CreditFeatures, CreditPrediction>()
            .AddInputProperties(nameof(CreditFeatures.Label))
            .AddNumericPrediction("probability", p => p.Probability)
            .Build();
        var loaded = await provider.GetRequiredService<IModelScorerFactory>().LoadAsync(Model, challenger.Version);
        await using (loaded.ConfigureAwait(false))
        {
            var predictor = loaded.CreatePredictor<CreditFeatures, CreditPrediction>();
            var training = SyntheticCreditData.Generate(2_000, seed: 22).Select(CreditFeatures.From).ToList();
            await registry.SaveReferenceProfileAsync(Model, challenger.Version, schema.FitReference(training, training.Select(predictor.Predict)));
            using var monitor = await provider.GetRequiredService<IModelMonitorFactory>().CreateAsync(Model, challenger.Version, schema);
            foreach (var application in SyntheticCreditData.Generate(2_000, seed: 24, driftInDebt: 0.15).Select(CreditFeatures.From))
            {
                monitor.Observe(application, predictor.Predict(application));
            }

            var week = await monitor.CloseWindowAsync();
            Console.WriteLine($"    [monitor] v{challenger.Version}: {week.DatasetDrift.DriftedCount} of {week.DatasetDrift.FeatureCount} features drifted ({string.Join(", ", week.DatasetDrift.DriftedFeatures)}), predictions {(week.PredictionDrifted ? "drifted" : "stable")}; {(week.HasAlerts ? "alert raised" : "no alert")}.");
        }

        await AdvanceAsync(clock, TimeSpan.FromDays(1), evaluation);
        step(24, rollback is null
            ? "No rollback: the evaluation loop saw no guardrail breach."
            : $"{rollback.Decision.Kind} ({rollback.Decision.Rule}) by the evaluation loop: champion v{rollback.FromVersion} -> v{rollback.Alias.Version}.");
        await StopAsync(loops);

        // 22. The audit log tells the whole story, each step with its reason and evidence.
        step(25, $"Audit log of {Model}:");
        var audit = await registry.ReadAuditLogAsync(Model);
        var snapshots = audit.Count(e => e.Reason?.StartsWith("Statistics of experiment", StringComparison.Ordinal) == true);
        foreach (var entry in audit.Where(e => e.Reason is not null && !e.Reason.StartsWith("Statistics of experiment", StringComparison.Ordinal)))
        {
            var reason = entry.Reason!.Length > 150 ? entry.Reason[..150] + "..." : entry.Reason;
            Console.WriteLine($"     {entry.Timestamp:yyyy-MM-dd} {entry.Operation,-22} {reason}");
        }

        Console.WriteLine($"     (and {snapshots} daily statistics snapshots stored as documents)");
        var documents = await registry.ListDocumentsAsync(Model, challenger.Version);
        Console.WriteLine($"     Documents on v{challenger.Version}: {string.Join(", ", documents.Select(d => $"{d.Kind}/{d.Name}"))}.");
    }

    private static async Task<ShadowComparison> WaitForShadowsAsync(ExperimentRecorders recorders, IRoutedScorer<CreditFeatures, CreditPrediction> shadow, int calls)
    {
        // The shadow worker runs in the background; wait (bounded) until it has compared or dropped every call.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var compared = recorders.Snapshot(Model, "shadow").Arms.FirstOrDefault(a => a.Arm == "more-data")?.Shadow ?? ShadowComparison.Empty;
            if (compared.Pairs + shadow.ShadowCallsDropped >= calls || DateTime.UtcNow > deadline)
            {
                return compared;
            }

            await Task.Delay(10);
        }
    }

    private static async Task<ModelVersion> RegisterAsync(IModelRegistry registry, List<Applicant> data, string description)
    {
        var ml = new MLContext(seed: 1);
        var pipeline = ml.Transforms.Concatenate("Features", nameof(CreditFeatures.Income), nameof(CreditFeatures.DebtToIncome),
                nameof(CreditFeatures.YearsOfCreditHistory), nameof(CreditFeatures.LatePayments), nameof(CreditFeatures.LoanAmount))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(labelColumnName: nameof(CreditFeatures.Label), featureColumnName: "Features"));
        var model = pipeline.Fit(ml.Data.LoadFromEnumerable(data.Select(CreditFeatures.From)));
        using var zip = new MemoryStream();
        ml.Model.Save(model, ml.Data.LoadFromEnumerable(new List<CreditFeatures>()).Schema, zip);
        zip.Position = 0;
        return await registry.RegisterAsync(new ModelVersionRegistration
        {
            ModelName = Model,
            Flavor = "mlnet",
            Artifact = zip,
            Description = description,
            Parameters = new Dictionary<string, string> { ["rows"] = data.Count.ToString(CultureInfo.InvariantCulture) },
            Reason = description,
        });
    }

    /// <summary>Moves the clock forward, which runs the loops due, and waits until the evaluation loop has finished its run.</summary>
    private static async Task AdvanceAsync(FakeTimeProvider clock, TimeSpan by, IModelOpsLoop evaluation)
    {
        clock.Advance(by);
        var now = clock.GetUtcNow();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(evaluation.Status.LastRunAt >= now || evaluation.Status.LastErrorAt >= now) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(1);
        }

        if (evaluation.Status.LastErrorAt >= now)
        {
            Console.WriteLine($"    [loop] {evaluation.Name} failed: {evaluation.Status.LastError}");
        }
    }

    private static async Task StopAsync(IEnumerable<IModelOpsLoop> loops)
    {
        foreach (var loop in loops.Reverse())
        {
            await loop.StopAsync(CancellationToken.None);
        }
    }
}
