using System.Text.Json;
using ModelOps.Sdk.Flavors;

namespace ModelOps.Sdk.Rules.Tests.Compilation;

/// <summary>A rule set scores inputs given as JSON (<see cref="IJsonScoringModel"/>), deciding exactly as its typed predictors do.</summary>
public sealed class JsonScoringTests
{
    private const string Rules = """
        { "id": "minor", "when": { "age": { "op": "<", "value": 18 } }, "then": { "decision": "DECLINE", "limit": 0 } },
        { "id": "student", "when": { "student": { "op": "=", "value": true } }, "then": { "decision": "REVIEW", "limit": 500 } },
        { "id": "eu", "when": { "country": { "op": "in", "values": ["FR", "DE"] }, "income": { "op": ">=", "value": 20000 } }, "then": { "decision": "APPROVE", "limit": 5000 } }
        """;

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static IJsonScoringModel Load(string hitPolicy = "FIRST", string extra = "", string outputs = RuleSets.DecisionOutputs) =>
        Assert.IsAssignableFrom<IJsonScoringModel>(RuleSets.Load(RuleSets.Credit(hitPolicy, Rules, outputs, extra)));

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Theory]
    [InlineData("""{ "income": 30000, "age": 40, "country": "FR" }""", "APPROVE", 5000)]
    [InlineData("""{ "income": 30000, "age": 16, "country": "FR" }""", "DECLINE", 0)]
    [InlineData("""{ "Income": 100, "Age": 30, "Country": "US", "Student": true }""", "REVIEW", 500)]
    public void ScoreJson_First_GivesTheSameDecisionAsTheTypedPredictor(string input, string decision, long limit)
    {
        var model = Load();
        var typed = model.CreatePredictor<Applicant, Decision>().Predict(JsonSerializer.Deserialize<Applicant>(input, Web)!);

        var output = model.ScoreJson(Json(input));

        Assert.Equal((decision, limit), ((string?)output["decision"], (long)output["limit"]!));
        Assert.Equal((typed.Outcome, typed.Limit), ((string?)output["decision"], (long)output["limit"]!));
    }

    [Fact]
    public void ScoreJson_NoRuleMatchesAndNoDefault_GivesNullOutputs()
    {
        var output = Load().ScoreJson(Json("""{ "income": 100, "age": 30, "country": "US" }"""));

        Assert.True(output.ContainsKey("decision"));
        Assert.Null(output["decision"]);
        Assert.Null(output["limit"]);
    }

    [Fact]
    public void ScoreJson_CollectWithSum_AggregatesTheMatches()
    {
        var model = (IJsonScoringModel)RuleSets.Load(RuleSets.Credit(
            "COLLECT",
            """
            { "id": "minor", "when": { "age": { "op": "<", "value": 18 } }, "then": { "limit": 0 } },
            { "id": "student", "when": { "student": { "op": "=", "value": true } }, "then": { "limit": 500 } },
            { "id": "eu", "when": { "country": { "op": "in", "values": ["FR", "DE"] }, "income": { "op": ">=", "value": 20000 } }, "then": { "limit": 5000 } }
            """,
            """[ { "name": "limit", "type": "integer" } ]""",
            """ "aggregation": "SUM", """));

        var output = model.ScoreJson(Json("""{ "income": 30000, "age": 16, "country": "FR", "student": true }"""));

        Assert.Equal(5500L, (long)output["limit"]!);
    }

    [Fact]
    public void ScoreJson_CollectWithoutAggregation_ListsTheMatchesInTableOrder()
    {
        var output = Load("COLLECT").ScoreJson(Json("""{ "income": 30000, "age": 16, "country": "FR" }"""));

        Assert.Equal(["DECLINE", "APPROVE"], output["decision"]!.AsArray().Select(v => (string)v!).ToArray());
    }

    [Fact]
    public void ScoreJson_UniqueWithTwoMatches_IsRefusedNamingTheRules()
    {
        var ex = Assert.Throws<InvalidModelInputException>(() => Load("UNIQUE").ScoreJson(Json("""{ "income": 30000, "age": 16, "country": "FR" }""")));

        Assert.Contains("'minor', 'eu'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "income": 30000, "country": "FR" }""", "age", "the field is missing")]
    [InlineData("""{ "income": "30000", "age": 40, "country": "FR" }""", "income", "expected a number, found a string (\"30000\")")]
    [InlineData("""{ "income": 30000, "age": 40.5, "country": "FR" }""", "age", "not a whole number")]
    [InlineData("""{ "income": 30000, "age": 40, "country": null }""", "country", "the value is null")]
    [InlineData("""{ "income": 30000, "age": 40, "country": "FR", "student": "yes" }""", "student", "expected true or false, found a string")]
    public void ScoreJson_BadField_IsRefusedNamingTheField(string input, string field, string problem)
    {
        var ex = Assert.Throws<InvalidModelInputException>(() => Load().ScoreJson(Json(input)));

        Assert.Equal((RuleSets.ModelName, 3, field), (ex.ModelName, ex.Version, ex.Field));
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScoreJson_NotAnObject_IsRefused()
    {
        var ex = Assert.Throws<InvalidModelInputException>(() => Load().ScoreJson(Json("[1, 2]")));

        Assert.Null(ex.Field);
        Assert.Contains("the input is an array, not a JSON object", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreJson_AfterDispose_Throws()
    {
        var model = Load();
        await model.DisposeAsync();

        Assert.Throws<ObjectDisposedException>(() => model.ScoreJson(Json("""{ "income": 1, "age": 1, "country": "FR" }""")));
    }
}
