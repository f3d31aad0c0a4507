using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk;
using ModelOps.Sdk.Governance;
using ModelOps.Sdk.Governance.Gates;
using ModelOps.Sdk.Governance.ModelCards;
using ModelOps.Sdk.Monitoring.Fairness;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Reports;
using ModelOps.Sdk.Monitoring.Schema;
using ModelOps.Sdk.Security;

namespace CreditApproval;

/// <summary>
/// Part five: governance. The lifecycle runs through a promotion policy enforced by the registry: a challenger that fails the
/// fairness gate is refused, a fixed one passes, its registrant may not approve it, a second principal does, and a deployer
/// promotes it. The sample prints the gate reports and the model card.
/// </summary>
internal static class Governance
{
    public const string Model = "credit-approval-governed";

    public static async Task RunAsync(Action<int, string> step)
    {
        var actor = new SwitchableActor();
        var services = new ServiceCollection();
        services.AddSingleton<IActorAccessor>(actor);
        services.AddModelOps().UseInMemory().AddGovernance(o =>
        {
            o.DefaultPolicy.Gates.Add(new MetricThresholdGate("auc", minimum: 0.70));
            o.DefaultPolicy.Gates.Add(new ChampionComparisonGate("auc", higherIsBetter: true, maximumDegradation: 0.02));
            o.DefaultPolicy.Gates.Add(new SignatureCompatibilityGate());
            o.DefaultPolicy.Gates.Add(new ReferenceProfileGate());
            o.DefaultPolicy.Gates.Add(new FairnessGate(["region"], minimumDemographicParityRatio: 0.8, maximumEqualizedOddsDifference: null));
            o.DefaultPolicy.Gates.Add(new ModelCardGate());
            o.DefaultPolicy.RequiredApprovals = 1;
        });
        await using var provider = services.BuildServiceProvider();
        var registry = provider.GetRequiredService<IModelRegistry>();
        var governance = provider.GetRequiredService<IGovernanceService>();
        step(26, "Governance on: AUC >= 0.70, not worse than the champion by 0.02, compatible signature, reference profile, demographic parity ratio by region >= 0.8, model card filled; one approval, never the registrant.");

        // The validation month: EU applicants carry more debt than US ones, a fact of this market the model must not amplify.
        var training = SyntheticCreditData.Generate(6_000, seed: 70);
        var holdout = SyntheticCreditData.Generate(2_000, seed: 71);
        var validation = SyntheticCreditData.Generate(3_000, seed: 72)
            .Select(a => a.Region == "EU" ? a with { DebtToIncome = Math.Min(0.95, a.DebtToIncome + 0.10) } : a).ToList();
        var trained = Scorecard.Train(training, epochs: 300, learningRate: 0.5);

        // The champion, registered by the training pipeline with its evidence, approved by model risk, promoted by the deployer.
        actor.Act("ci-pipeline");
        var v1 = await RegisterWithEvidenceAsync(registry, governance, trained, holdout, validation, "baseline scorecard");
        actor.Act("maria", "model-approver");
        await governance.ApproveAsync(Model, v1.Version, "baseline reviewed");
        actor.Act("deploy-bot", "model-deployer");
        await registry.SetAliasAsync(Model, "champion", v1.Version, "first governed release");
        step(27, $"v{v1.Version} registered by ci-pipeline with its evidence, approved by maria (model-approver), promoted by deploy-bot (model-deployer).");

        // A challenger whose feature engineering over-weights the debt ratio: it turns the EU's higher debt into a much lower
        // approval rate.
        var debt = Array.IndexOf(Applicant.FeatureNames, "debt_to_income");
        var sharp = trained with { Weights = [.. trained.Weights.Select((w, i) => i == debt ? w * 3 : w)] };
        actor.Act("ci-pipeline");
        var v2 = await RegisterWithEvidenceAsync(registry, governance, sharp, holdout, validation, "debt ratio over-weighted");
        actor.Act("maria", "model-approver");
        try
        {
            await governance.ApproveAsync(Model, v2.Version, "looks sharper");
        }
        catch (GovernanceRefusalException ex)
        {
            step(28, $"v{v2.Version} refused ({ex.Rule}): {ex.Message}");
            Console.WriteLine(Indent(Describe(ex.Report!)));
        }

        // The fix: the debt weight back to what training found, the threshold recalibrated; registered by the pipeline again.
        actor.Act("ci-pipeline");
        var v3 = await RegisterWithEvidenceAsync(registry, governance, trained with { Threshold = trained.Threshold + 0.01 }, holdout, validation, "debt weight as trained, threshold recalibrated");
        try
        {
            actor.Act("ci-pipeline", "model-approver");
            await governance.ApproveAsync(Model, v3.Version, "approving my own model");
        }
        catch (GovernanceRefusalException ex)
        {
            step(29, $"The registrant's own approval of v{v3.Version} is refused ({ex.Rule}).");
        }

        actor.Act("maria", "model-approver");
        var approved = await governance.ApproveAsync(Model, v3.Version, "fairness gap closed");
        actor.Act("deploy-bot", "model-deployer");
        var promoted = await registry.MoveAliasAsync(Model, "champion", v3.Version, expectedCurrentVersion: v1.Version, "fixed challenger approved");
        step(30, $"v{v3.Version} approved by {string.Join(", ", approved.Approvers)} and promoted: champion -> v{promoted.Version}. Its gate report:");
        Console.WriteLine(Indent(Describe(approved.GateReport)));

        var card = await governance.GetModelCardAsync(Model, v3.Version);
        step(31, $"Model card of v{v3.Version}:");
        Console.WriteLine(Indent(card.ToMarkdown()));
        var refusals = (await registry.ReadAuditLogAsync(Model)).Count(e => e.Operation == "operation.refused");
        step(32, $"Audit chain of {Model}: {refusals} refusals recorded, chain {((await registry.VerifyAuditLogAsync(Model)).IsValid ? "intact" : "TAMPERED")}.");
    }

    private static async Task<ModelVersion> RegisterWithEvidenceAsync(
        IModelRegistry registry, IGovernanceService governance, Scorecard scorecard, List<Applicant> holdout, List<Applicant> validation, string description)
    {
        await using var artifact = new MemoryStream(scorecard.ToJson());
        var version = await registry.RegisterAsync(new ModelVersionRegistration
        {
            ModelName = Model,
            Flavor = "scorecard",
            Artifact = artifact,
            Signature = new ModelSignature([.. Applicant.FeatureNames.Select(f => new SignatureField(f, "float64"))], [new SignatureField("probability_of_default", "float64")]),
            Metrics = new Dictionary<string, double> { ["auc"] = scorecard.Auc(holdout), ["accuracy"] = scorecard.Accuracy(holdout) },
            Tags = new Dictionary<string, string> { ["owner"] = "credit-risk-team" },
            Description = description,
        });

        // Evidence: the training profile, the validation report with fairness by region, and the written part of the model card.
        var schema = new MonitoringSchemaBuilder<Applicant, CreditDecision>()
            .AddNumericInput("income_100k", a => a.Income / 100_000)
            .AddNumericInput("debt_to_income", a => a.DebtToIncome)
            .AddCategoricalInput("region", a => a.Region)
            .AddBooleanPrediction("approved", d => d.Approved)
            .Build();
        CreditDecision Decide(Applicant a) => new(scorecard.ProbabilityOfDefault(a), scorecard.Approve(a));
        var reference = schema.FitReference(holdout, holdout.Select(Decide));
        await registry.SaveReferenceProfileAsync(Model, version.Version, reference);
        var fairness = new GroupOutcomeCounts();
        foreach (var applicant in validation)
        {
            fairness.Add(new FairnessGroup(applicant.Region), Decide(applicant).Approved, actualPositive: !applicant.Defaulted);
        }

        var report = DriftAnalyzer.Analyze(reference, schema.Profile(reference, validation, validation.Select(Decide)), context: new MonitoringReportContext
        {
            ModelName = Model,
            ModelVersion = version.Version,
            Fairness = FairnessMetrics.Compute(fairness) with { Attribute = "region" },
        });
        await registry.SaveMonitoringReportAsync(Model, version.Version, report);
        await governance.SaveModelCardAsync(Model, version.Version, new ModelCardContent
        {
            IntendedUse = "Pre-screening of consumer credit applications; a credit officer decides every declined case.",
            Limitations = "Not for business loans; not validated for loan amounts above 60,000.",
            TrainingData = "6,000 synthetic applications (EU and US), one default label per application.",
        });
        return version;
    }

    private static string Describe(GateReport report) => string.Join(Environment.NewLine, report.Results.Select(r =>
        string.Create(CultureInfo.InvariantCulture, $"{(r.Passed ? "pass" : "FAIL"),-4}  {r.Gate,-26} {r.Reason}")));

    private static string Indent(string text) => "      " + text.TrimEnd().Replace("\n", "\n      ", StringComparison.Ordinal);

    /// <summary>The acting principal, switched as people and pipelines take turns (a web host would read the request's user).</summary>
    private sealed class SwitchableActor : IActorAccessor
    {
        private volatile ClaimsPrincipal? _actor;

        public ClaimsPrincipal? Actor => _actor;

        public SwitchableActor Act(string name, params string[] roles)
        {
            _actor = new ClaimsPrincipal(new ClaimsIdentity(roles.Select(r => new Claim(ClaimTypes.Role, r)).Prepend(new Claim(ClaimTypes.Name, name)), "sample"));
            return this;
        }
    }
}
