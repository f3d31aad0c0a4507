using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Explanations;

namespace ModelOps.Sdk.Rules.Tests.Explanations;

/// <summary>A rule set explains a decision by the rules that fired, with their outputs and descriptions, and its reason codes.</summary>
public sealed class RuleExplanationTests
{
    private static readonly string Collect = RuleSets.Credit("COLLECT", """
        { "id": "young", "description": "Applicant under 25", "when": { "age": { "op": "<", "value": 25 } }, "then": { "decision": "REVIEW", "limit": 100 } },
        { "id": "low-income", "description": "Income below 20000", "when": { "income": { "op": "<", "value": 20000 } }, "then": { "decision": "DECLINE", "limit": 0 } },
        { "id": "foreign", "when": { "country": { "op": "!=", "value": "FR" } }, "then": { "decision": "REVIEW", "limit": 50 } },
        { "id": "student", "when": { "student": true }, "then": { "decision": "APPROVE", "limit": 500 } }
        """);

    private static readonly string First = RuleSets.Credit("FIRST", """
        { "id": "minor", "description": "Under 18", "when": { "age": { "op": "<", "value": 18 } }, "then": { "decision": "DECLINE", "limit": 0 } },
        { "id": "young", "when": { "age": { "op": "<", "value": 25 } }, "then": { "decision": "REVIEW", "limit": 100 } }
        """, extra: "\"default\": { \"decision\": \"APPROVE\", \"limit\": 2500 },");

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Fact]
    public async Task ExplainAsync_CollectTable_ListsEveryFiredRuleWithItsOutputsAndAnnotationInTableOrder()
    {
        await using var host = await Host.StartAsync(Collect);

        var explanation = await host.Explainer.ExplainVersionAsync(host.ModelName, 1,
            Json("""{ "income": 15000, "age": 22, "country": "DE", "student": false }"""));

        Assert.Equal(ExplanationMethod.FiredRules, explanation.Method);
        Assert.Equal(["young", "low-income", "foreign"], explanation.FiredRules.Select(r => r.RuleId));
        Assert.Equal(["Applicant under 25", "Income below 20000", null], explanation.FiredRules.Select(r => r.Annotation));
        Assert.Equal("DECLINE", explanation.FiredRules[1].Outputs["decision"].GetString());
        Assert.Equal(0, explanation.FiredRules[1].Outputs["limit"].GetInt64());
        Assert.Equal(50, explanation.FiredRules[2].Outputs["limit"].GetInt64());
        Assert.Equal((host.ModelName, 1), (explanation.ModelName, explanation.Version));
        Assert.Empty(explanation.Contributions);
    }

    [Fact]
    public async Task ExplainAsync_FirstHitTable_NamesTheDecidingRuleOnly_AndNoneWhenTheDefaultDecides()
    {
        await using var host = await Host.StartAsync(First);

        var minor = await host.Explainer.ExplainVersionAsync(host.ModelName, 1, Json("""{ "income": 1, "age": 16, "country": "FR" }"""));
        var adult = await host.Explainer.ExplainVersionAsync(host.ModelName, 1, Json("""{ "income": 1, "age": 40, "country": "FR" }"""));

        Assert.Equal("minor", Assert.Single(minor.FiredRules).RuleId);
        Assert.Equal("Under 18", minor.FiredRules[0].Annotation);
        Assert.Empty(adult.FiredRules);
        Assert.Contains("default", adult.Baseline, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExplainAsync_WithAReasonCodeTable_GivesTheFiredRulesReasonsInTableOrderUpToMaxReasons()
    {
        await using var host = await Host.StartAsync(Collect);
        await host.Registry.SaveReasonCodeTableAsync(host.ModelName, 1, new ReasonCodeTable
        {
            MaxReasons = 2,
            Entries =
            [
                new ReasonCodeEntry("R3", "Country of residence", RuleId: "foreign"),
                new ReasonCodeEntry("R1", "Age", RuleId: "young"),
                new ReasonCodeEntry("R2", "Income insufficient", RuleId: "low-income"),
            ],
        });

        var explanation = await host.Explainer.ExplainVersionAsync(host.ModelName, 1,
            Json("""{ "income": 15000, "age": 22, "country": "DE" }"""));

        Assert.Equal(["R1", "R2"], explanation.ReasonCodes.Select(r => r.Code));
        Assert.Equal("Income insufficient", explanation.ReasonCodes[1].Text);
        Assert.Equal("low-income", explanation.ReasonCodes[1].RuleId);
    }

    [Fact]
    public async Task ExplainAsync_Explanation_RoundTripsThroughExplanationJson()
    {
        await using var host = await Host.StartAsync(Collect);
        var explanation = await host.Explainer.ExplainVersionAsync(host.ModelName, 1, Json("""{ "income": 15000, "age": 22, "country": "DE" }"""));

        var bytes = ExplanationJson.WriteDecisionExplanation(explanation);
        var read = ExplanationJson.ReadDecisionExplanation(bytes);

        Assert.Equal(Encoding.UTF8.GetString(bytes), Encoding.UTF8.GetString(ExplanationJson.WriteDecisionExplanation(read)));
        Assert.Equal(explanation.FiredRules.Select(r => r.RuleId), read.FiredRules.Select(r => r.RuleId));
        Assert.Equal("DECLINE", read.FiredRules[1].Outputs["decision"].GetString());
    }

    private sealed class Host : IAsyncDisposable
    {
        private readonly ServiceProvider _provider;

        private Host(ServiceProvider provider)
        {
            _provider = provider;
            Registry = provider.GetRequiredService<IModelRegistry>();
            Explainer = provider.GetRequiredService<IDecisionExplainer>();
        }

        public string ModelName => "credit-rules";

        public IModelRegistry Registry { get; }

        public IDecisionExplainer Explainer { get; }

        public static async Task<Host> StartAsync(string table)
        {
            var services = new ServiceCollection();
            services.AddModelOps().UseInMemory().AddRules();
            var host = new Host(services.BuildServiceProvider());
            using var upload = new MemoryStream(Encoding.UTF8.GetBytes(table));
            await host.Registry.RegisterAsync(new ModelVersionRegistration { ModelName = host.ModelName, Flavor = RulesFlavor.FlavorName, Artifact = upload });
            return host;
        }

        public ValueTask DisposeAsync() => _provider.DisposeAsync();
    }
}
