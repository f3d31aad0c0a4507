using System.Text;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Cli.Tests.Infrastructure;
using ModelOps.Sdk.Explanations;
using ModelOps.Sdk.Predictions;
using ModelOps.Sdk.Routing.PredictionLog;
using ModelOps.Sdk.Rules;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Cli.Tests.Commands;

/// <summary><c>modelops decisions replay</c> replays a decision an application logged, in a separate process, with documented exit codes.</summary>
public sealed class DecisionCommandsTests
{
    private const string RuleSet = """
        {
          "formatVersion": 1,
          "name": "credit-decision",
          "hitPolicy": "FIRST",
          "inputs": [ { "name": "income", "type": "number" }, { "name": "age", "type": "integer" } ],
          "outputs": [ { "name": "decision", "type": "string" }, { "name": "limit", "type": "integer" } ],
          "rules": [
            { "id": "low", "when": { "income": { "op": "<", "value": 1000 } }, "then": { "decision": "DECLINE", "limit": 0 } },
            { "id": "adult", "then": { "decision": "APPROVE", "limit": 2500 } }
          ]
        }
        """;

    [Fact]
    public async Task Replay_LoggedDecision_ExitsZeroWithTheVersionAndEveryField()
    {
        using var registry = new TemporaryRegistry();
        var log = Path.Combine(registry.Directory, "predictions");
        var id = await LogDecisionAsync(registry, log);

        var run = await registry.RunAsAsync("auditor", string.Empty, "decisions", "replay", id, "--log", log, "--json");
        var text = await registry.RunAsAsync("auditor", string.Empty, "decisions", "replay", id, "--log", log);

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.True(json.GetProperty("reproduced").GetBoolean());
        Assert.Equal(1, json.GetProperty("version").GetInt32());
        Assert.Equal("rules", json.GetProperty("flavor").GetString());
        Assert.Equal("APPROVE", json.GetProperty("replayedOutput").GetProperty("decision").GetString());
        Assert.Equal(2, json.GetProperty("fields").GetArrayLength());
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("Reproduced.", text.Output, StringComparison.Ordinal);
        Assert.Contains("limit: logged 2500, replayed 2500", text.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_DecisionLoggedWithItsExplanation_PrintsTheLoggedReasons()
    {
        using var registry = new TemporaryRegistry();
        var log = Path.Combine(registry.Directory, "predictions");
        var id = await LogDecisionAsync(registry, log, explain: true);

        var text = await registry.RunAsAsync("auditor", string.Empty, "decisions", "replay", id, "--log", log);
        var run = await registry.RunAsAsync("auditor", string.Empty, "decisions", "replay", id, "--log", log, "--json");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("Why (logged when decided; FiredRules", text.Output, StringComparison.Ordinal);
        Assert.Contains("R01: Income below the minimum we lend on", text.Output, StringComparison.Ordinal);
        Assert.Contains("The logged explanation is the one the version gives now.", text.Output, StringComparison.Ordinal);
        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal("logged", json.GetProperty("explanationSource").GetString());
        Assert.Equal("R01", json.GetProperty("explanation").GetProperty("reasonCodes")[0].GetProperty("code").GetString());
        Assert.Equal(0, json.GetProperty("explanationDifferences").GetArrayLength());
    }

    [Fact]
    public async Task Replay_AlteredLoggedOutput_ExitsWithNotReproducedNamingTheField()
    {
        using var registry = new TemporaryRegistry();
        var log = Path.Combine(registry.Directory, "predictions");
        var id = await LogDecisionAsync(registry, log);
        var file = Directory.GetFiles(log, "*.jsonl").Single();
        File.WriteAllText(file, File.ReadAllText(file).Replace("\"decision\":\"APPROVE\"", "\"decision\":\"DECLINE\"", StringComparison.Ordinal));

        var run = await registry.RunAsAsync("auditor", string.Empty, "decisions", "replay", id, "--log", log);

        Assert.True(run.ExitCode == 9, run.ToString());
        Assert.Contains("'decision'", run.Error, StringComparison.Ordinal);
        Assert.Contains("version 1", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_RedactedInputOrUnknownId_ExitsWithItsOwnCode()
    {
        using var registry = new TemporaryRegistry();
        var log = Path.Combine(registry.Directory, "predictions");
        var id = await LogDecisionAsync(registry, log, redact: "income");

        var redacted = await registry.RunAsAsync("auditor", string.Empty, "decisions", "replay", id, "--log", log);
        var unknown = await registry.RunAsAsync("auditor", string.Empty, "decisions", "replay", "credit::champion:1:00000000000000ff", "--log", log);
        var malformed = await registry.RunAsAsync("auditor", string.Empty, "decisions", "replay", "not-an-id", "--log", log);

        Assert.True(redacted.ExitCode == 10, redacted.ToString());
        Assert.Contains("'income'", redacted.Error, StringComparison.Ordinal);
        Assert.True(unknown.ExitCode == 6, unknown.ToString());
        Assert.True(malformed.ExitCode == 2, malformed.ToString());
    }

    /// <summary>An application's side, in process: a rule set registered and one decision logged by a plain scorer.</summary>
    private static async Task<string> LogDecisionAsync(TemporaryRegistry registry, string log, string? redact = null, bool explain = false)
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseFileSystem(registry.StorePath).AddRules().AddJsonLinesPredictionLog(o =>
        {
            o.Directory = log;
            if (redact is not null)
            {
                o.RedactedFields[redact] = FieldRedaction.Remove;
            }
        });
        await using var provider = services.BuildServiceProvider();
        using (var upload = new MemoryStream(Encoding.UTF8.GetBytes(RuleSet)))
        {
            await provider.GetRequiredService<IModelRegistry>().RegisterAsync(new ModelVersionRegistration { ModelName = "credit", Flavor = RulesFlavor.FlavorName, Artifact = upload });
        }

        var plain = await provider.GetRequiredService<IModelScorerFactory>().CreatePinnedScorerAsync<Applicant, CreditDecision>("credit", 1);
        if (!explain)
        {
            await using var scorer = plain.WithPredictionLog(provider.GetRequiredService<IPredictionLogSink>());
            return scorer.Score(new Applicant { Income = 5000, Age = 40 }).Id.ToString();
        }

        // A declined applicant, explained when decided with the version's reason codes.
        await provider.GetRequiredService<IModelRegistry>().SaveReasonCodeTableAsync("credit", 1, new ReasonCodeTable
        {
            Entries = [new ReasonCodeEntry("R01", "Income below the minimum we lend on", RuleId: "low")],
        });
        await using var explaining = plain.WithPredictionLog(provider.GetRequiredService<IPredictionLogSink>(),
            new PredictionLogScorerOptions { Explainer = provider.GetRequiredService<IDecisionExplainer>() });
        return (await explaining.ScoreAndExplainAsync(new Applicant { Income = 800, Age = 40 })).Prediction.Id.ToString();
    }

    public sealed class Applicant
    {
        public double Income { get; init; }

        public int Age { get; init; }
    }

    public sealed class CreditDecision
    {
        public string? Decision { get; set; }

        public long Limit { get; set; }
    }
}
