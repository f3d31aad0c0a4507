using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Rules;
using ModelOps.Sdk.Scoring;
using OpenTelemetry.Metrics;

namespace ModelOps.Sdk.Benchmarks;

/// <summary>
/// One decision of a 50-rule FIRST table over four numeric fields (age, debt ratio, income band, score band), with inputs that
/// hit rules spread through the table and one that falls through to the default. Baseline: the same 50 checks written by hand
/// as an if/else chain returning pre-built outputs. Target: under 200 ns per decision and 0 B allocated; with a MeterProvider
/// listening to every instrument, at most 10 ns and 0 B more than the scorer with telemetry off (issue 17).
/// </summary>
[MemoryDiagnoser]
public class RulesScorerBenchmarks
{
    private const int RuleCount = 50;
    private const int IncomeBands = 5;

    private readonly BenchApplicant[] _inputs = new BenchApplicant[16];
    private readonly BenchDecision[] _handWritten = new BenchDecision[RuleCount];
    private BenchDecision _handWrittenDefault = new();
    private IModelPredictor<BenchApplicant, BenchDecision>? _predictor;
    private IModelScorer<BenchApplicant, BenchDecision>? _scorer;
    private ServiceProvider? _services;
    private MeterProvider? _telemetry;
    private int _next;

    /// <summary>The setup of the telemetry-on row: the same scorer, with an OpenTelemetry MeterProvider listening to every instrument.</summary>
    [GlobalSetup(Target = nameof(RulesScorerByAliasWithTelemetry))]
    public async Task GlobalSetupWithTelemetry()
    {
        _telemetry = BenchmarkTelemetry.ListenToEveryInstrument();
        await GlobalSetup();
    }

    [GlobalSetup(Targets = [nameof(HandWrittenChain), nameof(RulesPredictor), nameof(RulesScorerByAlias)])]
    public async Task GlobalSetup()
    {
        for (var i = 0; i < RuleCount; i++)
        {
            var (scoreBand, incomeBand) = Math.DivRem(i, IncomeBands);
            _handWritten[i] = new BenchDecision { Tier = $"T{scoreBand}", Limit = ((incomeBand + 1) * 1000) + (scoreBand * 100), RuleId = $"r{i}" };
        }

        _handWrittenDefault = new BenchDecision { Tier = "NONE", Limit = 0 };

        // Rules 0, 7, 14, ... 49, 6, 13, ...: spread through the table; the last input is a minor, whom no rule matches.
        for (var k = 0; k < _inputs.Length; k++)
        {
            var (scoreBand, incomeBand) = Math.DivRem(k * 7 % RuleCount, IncomeBands);
            _inputs[k] = new BenchApplicant { Age = k == _inputs.Length - 1 ? 16 : 30, DebtRatio = 0.3, Income = (incomeBand * 20000) + 10000, Score = (scoreBand * 10) + 5 };
        }

        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory().AddRules();
        _services = services.BuildServiceProvider();
        var registry = _services.GetRequiredService<IModelRegistry>();
        using (var artifact = new MemoryStream(Encoding.UTF8.GetBytes(Table())))
        {
            await registry.RegisterAsync(new ModelVersionRegistration { ModelName = "credit-rules", Flavor = RulesFlavor.FlavorName, Artifact = artifact });
        }

        await registry.SetAliasAsync("credit-rules", "champion", 1, reason: "benchmark");
        var factory = _services.GetRequiredService<IModelScorerFactory>();
        var loaded = await factory.LoadAsync("credit-rules", 1);
        _predictor = loaded.CreatePredictor<BenchApplicant, BenchDecision>();
        _scorer = await factory.CreateScorerAsync<BenchApplicant, BenchDecision>("credit-rules", "champion");

        for (var k = 0; k < _inputs.Length; k++)
        {
            if (_predictor.Predict(_inputs[k]).Limit != HandWrittenDecide(_inputs[k]).Limit)
            {
                throw new InvalidOperationException($"The rule set and the hand-written chain disagree on input {k}.");
            }
        }
    }

    [GlobalCleanup]
    public async Task GlobalCleanup()
    {
        if (_scorer is not null)
        {
            await _scorer.DisposeAsync();
        }

        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        _telemetry?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public BenchDecision HandWrittenChain() => HandWrittenDecide(_inputs[_next++ & 15]);

    [Benchmark]
    public BenchDecision RulesPredictor() => _predictor!.Predict(_inputs[_next++ & 15]);

    [Benchmark]
    public BenchDecision RulesScorerByAlias() => _scorer!.Score(_inputs[_next++ & 15]).Value;

    [Benchmark(Description = "RulesScorerByAlias, MeterProvider listening to every instrument")]
    public BenchDecision RulesScorerByAliasWithTelemetry() => _scorer!.Score(_inputs[_next++ & 15]).Value;

    private static string Table()
    {
        var rules = new StringBuilder();
        for (var i = 0; i < RuleCount; i++)
        {
            var (scoreBand, incomeBand) = Math.DivRem(i, IncomeBands);
            rules.Append(i == 0 ? string.Empty : ",\n").Append(CultureInfo.InvariantCulture, $$"""
                { "id": "r{{i}}", "when": {
                    "age": { "op": ">=", "value": 18 },
                    "debtRatio": { "op": "<=", "value": 0.6 },
                    "income": { "op": "range", "min": {{incomeBand * 20000}}, "max": {{(incomeBand * 20000) + 20000}}, "maxClosed": false },
                    "score": { "op": "range", "min": {{scoreBand * 10}}, "max": {{(scoreBand * 10) + 10}}, "maxClosed": false } },
                  "then": { "tier": "T{{scoreBand}}", "limit": {{((incomeBand + 1) * 1000) + (scoreBand * 100)}} } }
                """);
        }

        return $$"""
            { "formatVersion": 1, "hitPolicy": "FIRST",
              "inputs": [ { "name": "income", "type": "number" }, { "name": "age", "type": "integer" },
                          { "name": "debtRatio", "type": "number" }, { "name": "score", "type": "number" } ],
              "outputs": [ { "name": "tier", "type": "string" }, { "name": "limit", "type": "integer" } ],
              "rules": [ {{rules}} ],
              "default": { "tier": "NONE", "limit": 0 } }
            """;
    }

    // The same 50 checks, in the same order, as a programmer would write them.
    private BenchDecision HandWrittenDecide(BenchApplicant a)
    {
        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 0 && a.Income < 20000 && a.Score >= 0 && a.Score < 10)
        {
            return _handWritten[0];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 20000 && a.Income < 40000 && a.Score >= 0 && a.Score < 10)
        {
            return _handWritten[1];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 40000 && a.Income < 60000 && a.Score >= 0 && a.Score < 10)
        {
            return _handWritten[2];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 60000 && a.Income < 80000 && a.Score >= 0 && a.Score < 10)
        {
            return _handWritten[3];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 80000 && a.Income < 100000 && a.Score >= 0 && a.Score < 10)
        {
            return _handWritten[4];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 0 && a.Income < 20000 && a.Score >= 10 && a.Score < 20)
        {
            return _handWritten[5];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 20000 && a.Income < 40000 && a.Score >= 10 && a.Score < 20)
        {
            return _handWritten[6];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 40000 && a.Income < 60000 && a.Score >= 10 && a.Score < 20)
        {
            return _handWritten[7];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 60000 && a.Income < 80000 && a.Score >= 10 && a.Score < 20)
        {
            return _handWritten[8];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 80000 && a.Income < 100000 && a.Score >= 10 && a.Score < 20)
        {
            return _handWritten[9];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 0 && a.Income < 20000 && a.Score >= 20 && a.Score < 30)
        {
            return _handWritten[10];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 20000 && a.Income < 40000 && a.Score >= 20 && a.Score < 30)
        {
            return _handWritten[11];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 40000 && a.Income < 60000 && a.Score >= 20 && a.Score < 30)
        {
            return _handWritten[12];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 60000 && a.Income < 80000 && a.Score >= 20 && a.Score < 30)
        {
            return _handWritten[13];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 80000 && a.Income < 100000 && a.Score >= 20 && a.Score < 30)
        {
            return _handWritten[14];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 0 && a.Income < 20000 && a.Score >= 30 && a.Score < 40)
        {
            return _handWritten[15];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 20000 && a.Income < 40000 && a.Score >= 30 && a.Score < 40)
        {
            return _handWritten[16];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 40000 && a.Income < 60000 && a.Score >= 30 && a.Score < 40)
        {
            return _handWritten[17];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 60000 && a.Income < 80000 && a.Score >= 30 && a.Score < 40)
        {
            return _handWritten[18];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 80000 && a.Income < 100000 && a.Score >= 30 && a.Score < 40)
        {
            return _handWritten[19];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 0 && a.Income < 20000 && a.Score >= 40 && a.Score < 50)
        {
            return _handWritten[20];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 20000 && a.Income < 40000 && a.Score >= 40 && a.Score < 50)
        {
            return _handWritten[21];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 40000 && a.Income < 60000 && a.Score >= 40 && a.Score < 50)
        {
            return _handWritten[22];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 60000 && a.Income < 80000 && a.Score >= 40 && a.Score < 50)
        {
            return _handWritten[23];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 80000 && a.Income < 100000 && a.Score >= 40 && a.Score < 50)
        {
            return _handWritten[24];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 0 && a.Income < 20000 && a.Score >= 50 && a.Score < 60)
        {
            return _handWritten[25];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 20000 && a.Income < 40000 && a.Score >= 50 && a.Score < 60)
        {
            return _handWritten[26];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 40000 && a.Income < 60000 && a.Score >= 50 && a.Score < 60)
        {
            return _handWritten[27];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 60000 && a.Income < 80000 && a.Score >= 50 && a.Score < 60)
        {
            return _handWritten[28];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 80000 && a.Income < 100000 && a.Score >= 50 && a.Score < 60)
        {
            return _handWritten[29];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 0 && a.Income < 20000 && a.Score >= 60 && a.Score < 70)
        {
            return _handWritten[30];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 20000 && a.Income < 40000 && a.Score >= 60 && a.Score < 70)
        {
            return _handWritten[31];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 40000 && a.Income < 60000 && a.Score >= 60 && a.Score < 70)
        {
            return _handWritten[32];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 60000 && a.Income < 80000 && a.Score >= 60 && a.Score < 70)
        {
            return _handWritten[33];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 80000 && a.Income < 100000 && a.Score >= 60 && a.Score < 70)
        {
            return _handWritten[34];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 0 && a.Income < 20000 && a.Score >= 70 && a.Score < 80)
        {
            return _handWritten[35];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 20000 && a.Income < 40000 && a.Score >= 70 && a.Score < 80)
        {
            return _handWritten[36];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 40000 && a.Income < 60000 && a.Score >= 70 && a.Score < 80)
        {
            return _handWritten[37];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 60000 && a.Income < 80000 && a.Score >= 70 && a.Score < 80)
        {
            return _handWritten[38];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 80000 && a.Income < 100000 && a.Score >= 70 && a.Score < 80)
        {
            return _handWritten[39];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 0 && a.Income < 20000 && a.Score >= 80 && a.Score < 90)
        {
            return _handWritten[40];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 20000 && a.Income < 40000 && a.Score >= 80 && a.Score < 90)
        {
            return _handWritten[41];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 40000 && a.Income < 60000 && a.Score >= 80 && a.Score < 90)
        {
            return _handWritten[42];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 60000 && a.Income < 80000 && a.Score >= 80 && a.Score < 90)
        {
            return _handWritten[43];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 80000 && a.Income < 100000 && a.Score >= 80 && a.Score < 90)
        {
            return _handWritten[44];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 0 && a.Income < 20000 && a.Score >= 90 && a.Score < 100)
        {
            return _handWritten[45];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 20000 && a.Income < 40000 && a.Score >= 90 && a.Score < 100)
        {
            return _handWritten[46];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 40000 && a.Income < 60000 && a.Score >= 90 && a.Score < 100)
        {
            return _handWritten[47];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 60000 && a.Income < 80000 && a.Score >= 90 && a.Score < 100)
        {
            return _handWritten[48];
        }

        if (a.Age >= 18 && a.DebtRatio <= 0.6 && a.Income >= 80000 && a.Income < 100000 && a.Score >= 90 && a.Score < 100)
        {
            return _handWritten[49];
        }

        return _handWrittenDefault;
    }
}

/// <summary>The benchmark's input.</summary>
public sealed class BenchApplicant
{
    public double Income { get; init; }

    public int Age { get; init; }

    public double DebtRatio { get; init; }

    public double Score { get; init; }
}

/// <summary>The benchmark's output.</summary>
public sealed class BenchDecision
{
    public string? Tier { get; set; }

    public long Limit { get; set; }

    [RuleId]
    public string? RuleId { get; set; }
}
