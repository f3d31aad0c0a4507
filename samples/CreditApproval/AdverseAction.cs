using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk;
using ModelOps.Sdk.Explanations;
using ModelOps.Sdk.Predictions;
using ModelOps.Sdk.Routing.Replay;
using ModelOps.Sdk.Rules;
using ModelOps.Sdk.Scoring;

namespace CreditApproval;

/// <summary>
/// Part six: an adverse-action notice. A pre-screening rule table declines an applicant and the decision is logged; the champion
/// then moves to a stricter table and the service restarts. Months later the applicant asks why: replay loads the version that
/// declined, re-scores the logged input, checks it gives the same answer, and explains it with that version's reason codes.
/// </summary>
internal static class AdverseAction
{
    private const string Model = "credit-prescreen";

    private const string Table = """
        {
          "formatVersion": 1,
          "name": "credit-prescreen",
          "hitPolicy": "FIRST",
          "inputs": [ { "name": "income", "type": "number" }, { "name": "debtToIncome", "type": "number" }, { "name": "latePayments", "type": "integer" } ],
          "outputs": [ { "name": "decision", "type": "string" } ],
          "rules": [
            { "id": "late-payments", "when": { "latePayments": { "op": ">=", "value": LATE } }, "then": { "decision": "DECLINE" } },
            { "id": "debt-ratio", "when": { "debtToIncome": { "op": ">", "value": 0.45 } }, "then": { "decision": "DECLINE" } },
            { "id": "income", "when": { "income": { "op": "<", "value": 15000 } }, "then": { "decision": "DECLINE" } },
            { "id": "approve", "then": { "decision": "APPROVE" } }
          ]
        }
        """;

    public static async Task RunAsync(Action<int, string> step)
    {
        var root = Directory.CreateTempSubdirectory("modelops-adverse-action-").FullName;
        try
        {
            string id;
            await using (var service = Service(root))
            {
                var registry = service.GetRequiredService<IModelRegistry>();
                await RegisterAsync(registry, late: 3, "pre-screen v1");
                await registry.SaveReasonCodeTableAsync(Model, 1, new ReasonCodeTable
                {
                    Entries =
                    [
                        new ReasonCodeEntry("AA01", "Too many late payments in the last two years", RuleId: "late-payments"),
                        new ReasonCodeEntry("AA02", "Debt too high compared with income", RuleId: "debt-ratio"),
                        new ReasonCodeEntry("AA03", "Income below our minimum", RuleId: "income"),
                    ],
                }, "adverse-action texts approved by compliance");
                await registry.SetAliasAsync(Model, "champion", 1, "first pre-screen");

                // The service scores through the champion with decisions logged (the input and the whole output, under an id).
                await using var scorer = (await service.GetRequiredService<IModelScorerFactory>().CreateScorerAsync<Application, PreScreen>(Model, "champion"))
                    .WithPredictionLog(service.GetRequiredService<IPredictionLogSink>());
                var decision = scorer.Score(new Application { Income = 42_000, DebtToIncome = 0.52, LatePayments = 1 });
                id = decision.Id.ToString();
                step(33, $"Pre-screen v{decision.Model.Version} declined an applicant ({decision.Value.Decision}); logged as {id}.");

                await RegisterAsync(registry, late: 2, "stricter on late payments");
                await registry.MoveAliasAsync(Model, "champion", 2, expectedCurrentVersion: 1, "policy change PC-7");
            }

            // A new instance (a restart, months later), serving v2: the notice comes from the version that decided.
            await using var later = Service(root);
            var replay = (await later.GetRequiredService<IDecisionReplayer>().ReplayAsync(PredictionId.Parse(id))).EnsureReproduced();
            var notice = new StringBuilder();
            notice.Append(CultureInfo.InvariantCulture, $"     Notice of adverse action: your application was declined by {replay.Model.ModelName} v{replay.Model.Version} on {replay.Timestamp:yyyy-MM-dd}.\n");
            foreach (var reason in replay.Explanation?.ReasonCodes ?? [])
            {
                notice.Append(CultureInfo.InvariantCulture, $"       {reason.Code}  {reason.Text}\n");
            }

            step(34, $"Replayed {id} after the champion moved to v2 and a restart: reproduced ({replay.Fields.Count} field(s) equal), explained by rule(s) {string.Join(", ", replay.Explanation!.FiredRules.Select(r => r.RuleId))}.\n{notice.ToString().TrimEnd()}");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static ServiceProvider Service(string root)
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseFileSystem(Path.Combine(root, "registry")).AddRules()
            .AddJsonLinesPredictionLog(o => o.Directory = Path.Combine(root, "decisions"))
            .AddDecisionReplay();
        return services.BuildServiceProvider();
    }

    private static async Task RegisterAsync(IModelRegistry registry, int late, string description)
    {
        using var table = new MemoryStream(Encoding.UTF8.GetBytes(Table.Replace("LATE", late.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)));
        await registry.RegisterAsync(new ModelVersionRegistration { ModelName = Model, Flavor = RulesFlavor.FlavorName, Artifact = table, Description = description });
    }

    /// <summary>What the pre-screen reads.</summary>
    internal sealed class Application
    {
        public double Income { get; init; }

        public double DebtToIncome { get; init; }

        public int LatePayments { get; init; }
    }

    /// <summary>What the pre-screen decides.</summary>
    internal sealed class PreScreen
    {
        public string? Decision { get; set; }
    }
}
