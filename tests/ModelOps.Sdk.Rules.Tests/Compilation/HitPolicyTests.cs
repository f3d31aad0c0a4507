namespace ModelOps.Sdk.Rules.Tests.Compilation;

/// <summary>Each hit policy against expectations worked out by hand from the tables below.</summary>
public sealed class HitPolicyTests
{
    private const string FirstRules = """
        { "id": "minor", "when": { "age": { "op": "<", "value": 18 } }, "then": { "decision": "DECLINE", "limit": 0 } },
        { "id": "low-income", "when": { "income": { "op": "range", "min": 0, "max": 20000, "maxClosed": false } }, "then": { "decision": "REVIEW", "limit": 1000 } },
        { "id": "eu-high", "when": { "country": { "op": "in", "values": ["FR", "DE"] }, "income": { "op": ">=", "value": 20000 } }, "then": { "decision": "APPROVE", "limit": 5000 } },
        { "id": "high", "when": { "income": { "op": ">=", "value": 20000 } }, "then": { "decision": "APPROVE", "limit": 3000 } }
        """;

    private static readonly string FirstTable = RuleSets.Credit("FIRST", FirstRules, extra: """ "default": { "decision": "REVIEW", "limit": 0 }, """);

    [Theory]
    [InlineData(16, 50000, "FR", "minor", "DECLINE", 0)] // every later rule matches too: the first wins
    [InlineData(30, 10000, "FR", "low-income", "REVIEW", 1000)]
    [InlineData(30, 19999.99, "US", "low-income", "REVIEW", 1000)]
    [InlineData(30, 20000, "FR", "eu-high", "APPROVE", 5000)] // the range's upper bound is open
    [InlineData(30, 30000, "DE", "eu-high", "APPROVE", 5000)]
    [InlineData(30, 30000, "US", "high", "APPROVE", 3000)]
    [InlineData(18, 0, "US", "low-income", "REVIEW", 1000)] // 18 is not < 18; 0 is in the closed lower bound
    public void First_ReturnsTheFirstMatchingRuleInTableOrder(int age, double income, string country, string ruleId, string decision, long limit)
    {
        var predictor = RuleSets.Predictor<Applicant, Decision>(FirstTable);

        var result = predictor.Predict(new Applicant { Age = age, Income = income, Country = country });

        Assert.Equal(ruleId, result.RuleId);
        Assert.Equal(decision, result.Outcome);
        Assert.Equal(limit, result.Limit);
    }

    [Fact]
    public void First_NoRuleMatches_ReturnsTheDefaultWithoutARuleId()
    {
        var predictor = RuleSets.Predictor<Applicant, Decision>(FirstTable);

        var result = predictor.Predict(new Applicant { Age = 30, Income = -5, Country = "US" });

        Assert.Null(result.RuleId);
        Assert.Equal("REVIEW", result.Outcome);
        Assert.Equal(0, result.Limit);
    }

    [Fact]
    public void First_NoRuleMatchesAndNoDefault_ReturnsTheNoMatchOutputWithNullRuleId()
    {
        var predictor = RuleSets.Predictor<Applicant, Decision>(RuleSets.Credit("FIRST", FirstRules));

        var result = predictor.Predict(new Applicant { Age = 30, Income = -5, Country = "US" });

        Assert.Null(result.RuleId);
        Assert.Null(result.Outcome);
        Assert.Equal(0, result.Limit);
    }

    [Fact]
    public void First_SameRule_ReturnsTheSameSharedInstance()
    {
        var predictor = RuleSets.Predictor<Applicant, Decision>(FirstTable);

        var a = predictor.Predict(new Applicant { Age = 30, Income = 30000, Country = "US" });
        var b = predictor.Predict(new Applicant { Age = 40, Income = 90000, Country = "CA" });

        Assert.Same(a, b);
    }

    private const string UniqueRules = """
        { "id": "low", "when": { "income": { "op": "<", "value": 500 } }, "then": { "decision": "low", "limit": 1 } },
        { "id": "mid", "when": { "income": { "op": "range", "min": 500, "max": 700 } }, "then": { "decision": "mid", "limit": 2 } },
        { "id": "high", "when": { "income": { "op": ">=", "value": 700 } }, "then": { "decision": "high", "limit": 3 } },
        { "id": "fr-only", "when": { "country": "FR", "income": { "op": "<", "value": 0 } }, "then": { "decision": "fr", "limit": 4 } }
        """;

    [Theory]
    [InlineData(499.5, "US", "low")]
    [InlineData(500, "US", "mid")]
    [InlineData(699, "FR", "mid")]
    [InlineData(701, "US", "high")]
    public void Unique_OneRuleMatches_ReturnsIt(double income, string country, string ruleId)
    {
        var predictor = RuleSets.Predictor<Applicant, Decision>(RuleSets.Credit("UNIQUE", UniqueRules));

        Assert.Equal(ruleId, predictor.Predict(new Applicant { Income = income, Country = country, Age = 30 }).RuleId);
    }

    [Fact]
    public void Unique_TwoRulesMatch_ThrowsNamingBoth()
    {
        var predictor = RuleSets.Predictor<Applicant, Decision>(RuleSets.Credit("UNIQUE", UniqueRules));

        // 700 is in the closed range [500, 700] and in >= 700.
        var ex = Assert.Throws<InvalidModelInputException>(() => predictor.Predict(new Applicant { Income = 700, Country = "US", Age = 30 }));

        Assert.Contains("'mid', 'high'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("UNIQUE", ex.Message, StringComparison.Ordinal);
        Assert.Equal(RuleSets.ModelName, ex.ModelName);
        Assert.Equal(3, ex.Version);
    }

    [Fact]
    public void Unique_ThreeRulesMatch_ThrowsNamingAllThree()
    {
        var predictor = RuleSets.Predictor<Applicant, Decision>(RuleSets.Credit("UNIQUE", UniqueRules + """, { "id": "any-fr", "when": { "country": "FR" }, "then": { "decision": "fr", "limit": 5 } }"""));

        var ex = Assert.Throws<InvalidModelInputException>(() => predictor.Predict(new Applicant { Income = -1, Country = "FR", Age = 30 }));

        Assert.Contains("'low', 'fr-only', 'any-fr'", ex.Message, StringComparison.Ordinal);
    }

    private const string PriorityOutputs = """
        [ { "name": "decision", "type": "string", "priority": ["DECLINE", "REVIEW", "APPROVE"] }, { "name": "limit", "type": "integer" } ]
        """;

    private const string PriorityRules = """
        { "id": "base", "then": { "decision": "APPROVE", "limit": 1000 } },
        { "id": "young", "when": { "age": { "op": "<", "value": 25 } }, "then": { "decision": "REVIEW", "limit": 500 } },
        { "id": "poor", "when": { "income": { "op": "<", "value": 10000 } }, "then": { "decision": "REVIEW", "limit": 200 } },
        { "id": "sanctioned", "when": { "country": { "op": "in", "values": ["XX", "YY"] } }, "then": { "decision": "DECLINE", "limit": 0 } }
        """;

    [Theory]
    [InlineData(40, 50000, "US", "base", "APPROVE", 1000)]
    [InlineData(20, 50000, "US", "young", "REVIEW", 500)] // REVIEW outranks APPROVE though "base" comes first
    [InlineData(20, 5000, "US", "young", "REVIEW", 500)] // two REVIEW rules: table order breaks the tie
    [InlineData(40, 5000, "US", "poor", "REVIEW", 200)]
    [InlineData(20, 5000, "XX", "sanctioned", "DECLINE", 0)] // DECLINE outranks all, even as the last rule
    public void Priority_ReturnsTheMatchWhoseOutputRanksHighest(int age, double income, string country, string ruleId, string decision, long limit)
    {
        var predictor = RuleSets.Predictor<Applicant, Decision>(RuleSets.Credit("PRIORITY", PriorityRules, PriorityOutputs));

        var result = predictor.Predict(new Applicant { Age = age, Income = income, Country = country });

        Assert.Equal(ruleId, result.RuleId);
        Assert.Equal(decision, result.Outcome);
        Assert.Equal(limit, result.Limit);
    }

    private const string ReasonRules = """
        { "id": "young", "when": { "age": { "op": "<", "value": 25 } }, "then": { "reason": "young", "points": 10 } },
        { "id": "poor", "when": { "income": { "op": "<", "value": 30000 } }, "then": { "reason": "low income", "points": 20 } },
        { "id": "fr", "when": { "country": "FR" }, "then": { "reason": "domestic", "points": 5 } },
        { "id": "student", "when": { "student": true }, "then": { "reason": "student", "points": 15 } }
        """;

    private const string ReasonOutputs = """[ { "name": "reason", "type": "string" }, { "name": "points", "type": "integer" } ]""";

    public sealed class Reasons
    {
        public IReadOnlyList<string> Reason { get; set; } = [];

        public IReadOnlyList<int> Points { get; set; } = [];

        [RuleId]
        public IReadOnlyList<string> Rules { get; set; } = [];
    }

    [Fact]
    public void Collect_ListsEveryMatchInTableOrder()
    {
        var predictor = RuleSets.Predictor<Applicant, Reasons>(RuleSets.Credit("COLLECT", ReasonRules, ReasonOutputs));

        var result = predictor.Predict(new Applicant { Age = 20, Income = 10000, Country = "FR", Student = false });

        Assert.Equal(["young", "poor", "fr"], result.Rules);
        Assert.Equal(["young", "low income", "domestic"], result.Reason);
        Assert.Equal([10, 20, 5], result.Points);
    }

    [Fact]
    public void Collect_NoMatchAndNoDefault_GivesEmptyLists()
    {
        var predictor = RuleSets.Predictor<Applicant, Reasons>(RuleSets.Credit("COLLECT", ReasonRules, ReasonOutputs));

        var result = predictor.Predict(new Applicant { Age = 40, Income = 90000, Country = "US" });

        Assert.Empty(result.Rules);
        Assert.Empty(result.Reason);
        Assert.Empty(result.Points);
    }

    [Fact]
    public void Collect_NoMatchWithDefault_GivesTheDefaultAsTheOnlyValue()
    {
        var predictor = RuleSets.Predictor<Applicant, Reasons>(RuleSets.Credit("COLLECT", ReasonRules, ReasonOutputs, """ "default": { "reason": "none", "points": 0 }, """));

        var result = predictor.Predict(new Applicant { Age = 40, Income = 90000, Country = "US" });

        Assert.Empty(result.Rules);
        Assert.Equal(["none"], result.Reason);
        Assert.Equal([0], result.Points);
    }

    [Fact]
    public void Collect_EachCallGetsItsOwnOutput()
    {
        var predictor = RuleSets.Predictor<Applicant, Reasons>(RuleSets.Credit("COLLECT", ReasonRules, ReasonOutputs));
        var input = new Applicant { Age = 20, Income = 10000, Country = "FR" };

        Assert.NotSame(predictor.Predict(input), predictor.Predict(input));
    }

    private const string PointsOutputs = """[ { "name": "points", "type": "integer" } ]""";

    private static readonly string PointsRules = ReasonRules
        .Replace("\"reason\": \"young\", ", string.Empty, StringComparison.Ordinal)
        .Replace("\"reason\": \"low income\", ", string.Empty, StringComparison.Ordinal)
        .Replace("\"reason\": \"domestic\", ", string.Empty, StringComparison.Ordinal)
        .Replace("\"reason\": \"student\", ", string.Empty, StringComparison.Ordinal);

    public sealed class Score
    {
        public double? Points { get; set; }
    }

    [Theory]
    [InlineData("SUM", 50.0)] // 10 + 20 + 5 + 15
    [InlineData("MIN", 5.0)]
    [InlineData("MAX", 20.0)]
    [InlineData("COUNT", 4.0)]
    public void Collect_Aggregation_CombinesTheMatchingValues(string aggregation, double expected)
    {
        var predictor = RuleSets.Predictor<Applicant, Score>(RuleSets.Credit("COLLECT", PointsRules, PointsOutputs, $$""" "aggregation": "{{aggregation}}", """));

        var result = predictor.Predict(new Applicant { Age = 20, Income = 10000, Country = "FR", Student = true });

        Assert.Equal(expected, result.Points);
    }

    [Theory]
    [InlineData("SUM", 0.0)]
    [InlineData("COUNT", 0.0)]
    [InlineData("MIN", null)]
    [InlineData("MAX", null)]
    public void Collect_AggregationOverNoMatch_IsZeroForSumAndCountAndNullForMinAndMax(string aggregation, double? expected)
    {
        var predictor = RuleSets.Predictor<Applicant, Score>(RuleSets.Credit("COLLECT", PointsRules, PointsOutputs, $$""" "aggregation": "{{aggregation}}", """));

        var result = predictor.Predict(new Applicant { Age = 40, Income = 90000, Country = "US" });

        Assert.Equal(expected, result.Points);
    }

    [Fact]
    public void Collect_AggregationWithDefault_AggregatesTheDefaultWhenNothingMatches()
    {
        var predictor = RuleSets.Predictor<Applicant, Score>(RuleSets.Credit("COLLECT", PointsRules, PointsOutputs, """ "aggregation": "MAX", "default": { "points": -1 }, """));

        Assert.Equal(-1, predictor.Predict(new Applicant { Age = 40, Income = 90000, Country = "US" }).Points);
    }

    [Fact]
    public void PredictBatch_ScoresEachInputInOrder()
    {
        var predictor = RuleSets.Predictor<Applicant, Decision>(FirstTable);
        Applicant[] inputs = [new() { Age = 16, Country = "US" }, new() { Age = 30, Income = 30000, Country = "FR" }, new() { Age = 30, Income = 30000, Country = "US" }];
        var outputs = new Decision[3];

        predictor.PredictBatch(inputs, outputs);

        Assert.Equal(["minor", "eu-high", "high"], outputs.Select(o => o.RuleId));
    }
}
