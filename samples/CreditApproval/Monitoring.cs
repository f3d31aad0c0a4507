using System.Globalization;
using ModelOps.Sdk;
using ModelOps.Sdk.Monitoring.Fairness;
using ModelOps.Sdk.Monitoring.Monitors;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Reports;
using ModelOps.Sdk.Monitoring.Schema;

namespace CreditApproval;

/// <summary>What the scorecard decided for one application: the monitored output.</summary>
internal sealed record CreditDecision(double ProbabilityOfDefault, bool Approved);

/// <summary>
/// Part three: monitor the serving champion. Fit a reference profile from its training data and store it with the version, serve
/// a normal month and then a shifted one (incomes fall, a new region appears, one region's approval rate drops) through a streaming
/// monitor with monthly windows, and print each month's report.
/// </summary>
internal static class Monitoring
{
    public static async Task RunAsync(IModelRegistry registry, string model, int version, Action<int, string> step)
    {
        Scorecard scorecard;
        await using (var artifact = await registry.OpenArtifactAsync(model, version))
        {
            scorecard = Scorecard.FromJson(artifact);
        }

        CreditDecision Decide(Applicant a) => new(scorecard.ProbabilityOfDefault(a), scorecard.Approve(a));

        // The monitored fields carry the names of the version's signature, plus the region (a segment, and the protected attribute).
        var schema = new MonitoringSchemaBuilder<Applicant, CreditDecision>()
            .AddNumericInput("income_100k", a => a.Income / 100_000)
            .AddNumericInput("debt_to_income", a => a.DebtToIncome)
            .AddNumericInput("credit_history_decades", a => a.YearsOfCreditHistory / 10)
            .AddNumericInput("late_payments", a => a.LatePayments)
            .AddNumericInput("loan_amount_50k", a => a.LoanAmount / 50_000)
            .AddCategoricalInput("region", a => a.Region)
            .AddNumericPrediction("probability_of_default", d => d.ProbabilityOfDefault)
            .AddBooleanPrediction("approved", d => d.Approved)
            .Build();

        var training = SyntheticCreditData.Generate(4_000, seed: 7);
        var reference = schema.FitReference(training, training.Select(Decide));
        var document = await registry.SaveReferenceProfileAsync(model, version, reference, reason: "reference profile of the training data");
        step(16, $"Reference profile of v{version} stored ({reference.RowCount:N0} rows, {document.Length:N0} bytes of JSON, kind '{document.Kind}').");

        var stored = await registry.LoadReferenceProfileAsync(model, version);
        using var monitor = new StreamingMonitor<Applicant, CreditDecision>(schema, stored, new StreamingMonitorOptions { WindowDuration = TimeSpan.FromDays(31) });
        var signature = (await registry.GetVersionAsync(model, version)).Signature;
        var signatureIssues = ModelOps.Sdk.Monitoring.Quality.DataQuality.CheckSignature(schema, signature);

        MonitoringReport Serve(List<Applicant> month)
        {
            var fairness = new GroupOutcomeCounts();
            foreach (var applicant in month)
            {
                var decision = Decide(applicant);
                monitor.Observe(applicant, decision);             // the hot path: thread-safe, no allocation
                fairness.Add(new FairnessGroup(applicant.Region), decision.Approved, actualPositive: !applicant.Defaulted);
            }

            var window = monitor.CloseWindow();                   // a monthly timer would close it; the sample closes it by hand
            return DriftAnalyzer.Analyze(stored, window.Profile, context: new MonitoringReportContext
            {
                ModelName = model,
                ModelVersion = version,
                SignatureIssues = signatureIssues,
                Fairness = FairnessMetrics.Compute(fairness, new FairnessOptions { PrivilegedGroup = new FairnessGroup("US") }),
            });
        }

        var normal = Serve(SyntheticCreditData.Generate(3_000, seed: 50));
        step(17, string.Create(CultureInfo.InvariantCulture, $"Normal month served: {normal.CurrentRows:N0} decisions, dataset drift {normal.DatasetDrift.DriftedCount} of {normal.DatasetDrift.FeatureCount} features, {(normal.HasAlerts ? "alerts" : "no alerts")}."));

        // The shifted month: incomes fall by a quarter, applications from a new region arrive, and EU applicants bring more late
        // payments, so their approval rate drops.
        var shifted = SyntheticCreditData.Generate(3_000, seed: 51).Select((a, i) =>
        {
            var region = i % 7 == 0 ? "APAC" : a.Region;
            return a with
            {
                Income = a.Income * 0.75,
                Region = region,
                LatePayments = region == "EU" ? a.LatePayments + 1 : a.LatePayments,
            };
        }).ToList();
        var report = Serve(shifted);
        step(18, "Shifted month served. The monitoring report:");
        Console.Write(report.ToText());
    }
}
