using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML;
using ModelOps.Sdk.Explanations;
using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Schema;
using ModelOps.Sdk.Rules;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Benchmarks;

/// <summary>
/// What an explanation costs per flavor, each against its own baseline (one category each): a rule set (today's typed scorer, the
/// baseline, against <see cref="IDecisionExplainer"/>'s fired rules), an ML.NET logistic regression (today's typed scorer against
/// ML.NET's feature contribution calculation) and the same model exported to ONNX (one JSON score, the baseline, against occlusion,
/// which scores n + 2 times for n features). Every explanation reads the version's reason-code table too. Explanations are opt-in
/// per call: the scorer rows are today's plain scorer (<c>IModelScorer.Score</c>), unchanged. Their allocations are the outputs'
/// by design, not an explanation's: ML.NET's engine creates its 32 B output per call (as in MLNetScorerBenchmarks), and this
/// rule set is a COLLECT table with SUM, whose predictor creates the output, the list of matches and the boxed values per call
/// (RulesScorerBenchmarks' 0 B is a FIRST table, which returns pre-built outputs).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ExplanationBenchmarks
{
    private ServiceProvider? _services;
    private IDecisionExplainer _explainer = null!;
    private IModelScorer<RuleInput, RuleOutput> _rulesScorer = null!;
    private IModelScorer<MLNetScorerBenchmarks.CreditRow, MLNetScorerBenchmarks.CreditPrediction> _mlnetScorer = null!;
    private ILoadedModel _rules = null!;
    private ILoadedModel _mlnet = null!;
    private ILoadedModel _onnx = null!;
    private RuleInput _ruleInput = null!;
    private MLNetScorerBenchmarks.CreditRow _creditRow = null!;
    private JsonElement _ruleJson;
    private JsonElement _creditJson;
    private JsonElement _onnxJson;

    [GlobalSetup]
    public async Task GlobalSetup()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory().AddRules().AddMLNet().AddOnnx();
        _services = services.BuildServiceProvider();
        var registry = _services.GetRequiredService<IModelRegistry>();
        var factory = _services.GetRequiredService<IModelScorerFactory>();
        _explainer = _services.GetRequiredService<IDecisionExplainer>();

        using (var table = new MemoryStream(Encoding.UTF8.GetBytes(RuleTable)))
        {
            await registry.RegisterAsync(new ModelVersionRegistration { ModelName = "limits", Flavor = RulesFlavor.FlavorName, Artifact = table });
        }

        await registry.SaveReasonCodeTableAsync("limits", 1, new ReasonCodeTable { Entries = [new ReasonCodeEntry("R1", "Debt ratio too high", RuleId: "high-debt")] });

        var rows = CreditModels.Rows(seed: 7);
        await registry.RegisterAsync(new ModelVersionRegistration { ModelName = "credit", Flavor = "mlnet", Artifact = new MemoryStream(CreditModels.TrainZip(rows, iterations: 20)) });
        await registry.RegisterAsync(new ModelVersionRegistration { ModelName = "credit-onnx", Flavor = "onnx", Artifact = new MemoryStream(OnnxExport(rows)) });
        var debtTooHigh = new ReasonCodeTable { Entries = [new ReasonCodeEntry("R1", "Debt too high", Feature: "Debt", Direction: ContributionDirection.Decreases)] };
        await registry.SaveReasonCodeTableAsync("credit", 1, debtTooHigh);
        await registry.SaveReasonCodeTableAsync("credit-onnx", 1, debtTooHigh with { Output = "Score.output" });
        var profile = new MonitoringSchemaBuilder<MLNetScorerBenchmarks.CreditRow, MLNetScorerBenchmarks.CreditRow>()
            .AddNumericInput("Income", r => r.Income).AddNumericInput("Debt", r => r.Debt).AddNumericInput("Age", r => r.Age)
            .Build()
            .FitReference(rows, rows);
        await registry.SaveReferenceProfileAsync("credit-onnx", 1, profile);

        foreach (var model in new[] { "limits", "credit" })
        {
            await registry.SetAliasAsync(model, "champion", 1, reason: "benchmark");
        }

        _rulesScorer = await factory.CreateScorerAsync<RuleInput, RuleOutput>("limits", "champion");
        _mlnetScorer = await factory.CreateScorerAsync<MLNetScorerBenchmarks.CreditRow, MLNetScorerBenchmarks.CreditPrediction>("credit", "champion");
        _rules = await factory.LoadAsync("limits", 1);
        _mlnet = await factory.LoadAsync("credit", 1);
        _onnx = await factory.LoadAsync("credit-onnx", 1);

        _ruleInput = new RuleInput { Income = 30000, DebtRatio = 0.55 };
        _ruleJson = JsonSerializer.SerializeToElement(new { income = 30000.0, debtRatio = 0.55 });
        _creditRow = new MLNetScorerBenchmarks.CreditRow { Income = 2, Debt = 7, Age = 30 };
        _creditJson = JsonSerializer.SerializeToElement(new { Income = 2f, Debt = 7f, Age = 30f });
        _onnxJson = JsonDocument.Parse(""" { "Income": [[2]], "Debt": [[7]], "Age": [[30]], "Label": [[false]] } """).RootElement;

        // Check every row works before measuring it.
        if ((await RulesExplain()).ReasonCodes.Count != 1 || (await MLNetExplain()).ReasonCodes.Count != 1 || (await OnnxOcclusion()).Contributions.Count != 3)
        {
            throw new InvalidOperationException("An explanation does not have the reasons or contributions the benchmark expects.");
        }
    }

    [GlobalCleanup]
    public async Task GlobalCleanup()
    {
        await _rulesScorer.DisposeAsync();
        await _mlnetScorer.DisposeAsync();
        await _rules.DisposeAsync();
        await _mlnet.DisposeAsync();
        await _onnx.DisposeAsync();
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    [BenchmarkCategory("rules")]
    [Benchmark(Baseline = true, Description = "rules: typed scorer, explanations off")]
    public RuleOutput RulesScore() => _rulesScorer.Score(_ruleInput).Value;

    [BenchmarkCategory("rules")]
    [Benchmark(Description = "rules: fired rules and reason codes")]
    public Task<DecisionExplanation> RulesExplain() => _explainer.ExplainAsync(_rules, _ruleJson);

    [BenchmarkCategory("mlnet")]
    [Benchmark(Baseline = true, Description = "mlnet: typed scorer, explanations off")]
    public MLNetScorerBenchmarks.CreditPrediction MLNetScore() => _mlnetScorer.Score(_creditRow).Value;

    [BenchmarkCategory("mlnet")]
    [Benchmark(Description = "mlnet: feature contribution calculation and reason codes")]
    public Task<DecisionExplanation> MLNetExplain() => _explainer.ExplainAsync(_mlnet, _creditJson);

    [BenchmarkCategory("onnx")]
    [Benchmark(Baseline = true, Description = "onnx: one JSON score")]
    public object OnnxScoreJson() => ((IJsonScoringModel)_onnx).ScoreJson(_onnxJson);

    [BenchmarkCategory("onnx")]
    [Benchmark(Description = "onnx: occlusion of 3 features against the reference medians, and reason codes")]
    public Task<DecisionExplanation> OnnxOcclusion() => _explainer.ExplainAsync(_onnx, _onnxJson);

    private static byte[] OnnxExport(List<MLNetScorerBenchmarks.CreditRow> rows)
    {
        var context = new MLContext(seed: 1);
        var data = context.Data.LoadFromEnumerable(rows);
        var model = context.Transforms.Concatenate("Features", "Income", "Debt", "Age")
            .Append(context.BinaryClassification.Trainers.SdcaLogisticRegression(maximumNumberOfIterations: 20))
            .Fit(data);
        using var stream = new MemoryStream();
        context.Model.ConvertToOnnx(model, data, stream);
        return stream.ToArray();
    }

    private const string RuleTable = """
        {
          "formatVersion": 1,
          "hitPolicy": "COLLECT",
          "inputs": [ { "name": "income", "type": "number" }, { "name": "debtRatio", "type": "number" } ],
          "outputs": [ { "name": "points", "type": "integer" } ],
          "aggregation": "SUM",
          "rules": [
            { "id": "low-income", "description": "Income below 20000", "when": { "income": { "op": "<", "value": 20000 } }, "then": { "points": -20 } },
            { "id": "high-debt", "description": "Debt ratio above 0.5", "when": { "debtRatio": { "op": ">", "value": 0.5 } }, "then": { "points": -30 } },
            { "id": "base", "then": { "points": 100 } }
          ]
        }
        """;

    public sealed class RuleInput
    {
        public double Income { get; set; }

        public double DebtRatio { get; set; }
    }

    public sealed class RuleOutput
    {
        public long Points { get; set; }
    }
}
