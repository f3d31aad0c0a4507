namespace ModelOps.Sdk.Rules.Tests.Definition;

/// <summary>Rule sets the flavor must refuse at inspection, each error naming the rule and field at fault.</summary>
public sealed class RuleSetValidationTests
{
    private const string Then = """ "then": { "decision": "APPROVE", "limit": 1 } """;

    [Theory]
    [InlineData("""{ "id": "r7", "when": { "country": { "op": "=", "value": 5 } }, THEN }""", "rule 'r7' field 'country'", "type error: value 5 is a number, but the field is a string")]
    [InlineData("""{ "id": "r7", "when": { "income": "high" }, THEN }""", "rule 'r7' field 'income'", "type error: value \"high\" is a string, but the field is a number")]
    [InlineData("""{ "id": "r7", "when": { "student": { "op": "=", "value": "yes" } }, THEN }""", "rule 'r7' field 'student'", "but the field is a boolean")]
    [InlineData("""{ "id": "r7", "when": { "country": { "op": "<", "value": "M" } }, THEN }""", "rule 'r7' field 'country'", "operator \"<\" is not defined for a string field")]
    [InlineData("""{ "id": "r7", "when": { "country": { "op": "range", "min": "A", "max": "M" } }, THEN }""", "rule 'r7' field 'country'", "a range is not defined for a string field")]
    [InlineData("""{ "id": "r7", "when": { "age": { "op": ">", "value": 17.5 } }, THEN }""", "rule 'r7' field 'age'", "value 17.5 is not a whole number")]
    [InlineData("""{ "id": "r7", "when": { "income": { "op": ">", "value": 1e400 } }, THEN }""", "rule 'r7' field 'income'", "value 1e400 is outside the range")]
    [InlineData("""{ "id": "r7", "when": { "incme": { "op": ">", "value": 1 } }, THEN }""", "rule 'r7' field 'incme'", "unknown input field; the inputs are 'income', 'age', 'country', 'student'")]
    [InlineData("""{ "id": "r7", "when": { "country": { "op": "in", "values": [] } }, THEN }""", "rule 'r7' field 'country'", "empty set")]
    [InlineData("""{ "id": "r7", "when": { "country": { "op": "not in", "values": ["FR", 3] } }, THEN }""", "rule 'r7' field 'country'", "value 3 is a number")]
    [InlineData("""{ "id": "r7", "when": { "income": { "op": "range", "min": 10, "max": 5 } }, THEN }""", "rule 'r7' field 'income'", "inverted range: min 10 is greater than max 5")]
    [InlineData("""{ "id": "r7", "when": { "income": { "op": "range", "min": 5, "max": 5, "maxClosed": false } }, THEN }""", "rule 'r7' field 'income'", "empty range")]
    [InlineData("""{ "id": "r7", "when": { "income": { "op": "range", "min": 5 } }, THEN }""", "rule 'r7' field 'income'", "a range needs \"max\"")]
    [InlineData("""{ "id": "r7", "when": { "income": { "op": "between", "value": 5 } }, THEN }""", "rule 'r7' field 'income'", "unknown operator \"between\"")]
    [InlineData("""{ "id": "r7", "when": { "income": { "op": "<" } }, THEN }""", "rule 'r7' field 'income'", "operator \"<\" needs a \"value\"")]
    [InlineData("""{ "id": "r7", "when": { "income": { "op": "is null" } }, THEN }""", "rule 'r7' field 'income'", "not declared \"nullable\": true")]
    [InlineData("""{ "id": "r7", "when": { "income": null }, THEN }""", "rule 'r7' field 'income'", "null is not a condition")]
    [InlineData("""{ "id": "r7", "when": { "income": { "op": ">", "value": 1, "values": [2] } }, THEN }""", "rule 'r7' field 'income'", "unknown property \"values\"")]
    [InlineData("""{ "id": "r7", "then": { "decision": "APPROVE", "limit": 1, "score": 3 } }""", "rule 'r7' field 'score'", "unknown output field; the outputs are 'decision', 'limit'")]
    [InlineData("""{ "id": "r7", "then": { "decision": "APPROVE" } }""", "rule 'r7' field 'limit'", "missing output value")]
    [InlineData("""{ "id": "r7", "then": { "decision": "APPROVE", "limit": "high" } }""", "rule 'r7' field 'limit'", "but the field is an integer")]
    [InlineData("""{ "id": "r7", "then": { "decision": null, "limit": 1 } }""", "rule 'r7' field 'decision'", "null is not a string value")]
    [InlineData("""{ "id": "r7" }""", "rule 'r7'", "missing \"then\"")]
    [InlineData("""{ "when": {}, THEN }""", "rules[0]", "every rule needs an \"id\"")]
    [InlineData("""{ "id": "r7", THEN }, { "id": "r7", THEN }""", "rule 'r7'", "duplicate rule id (rules[0] and rules[1])")]
    [InlineData("""{ "id": "r7", "if": {}, THEN }""", "rule 'r7'", "unknown property \"if\"")]
    public async Task Inspect_InvalidRule_IsRefusedNamingRuleAndField(string rules, string part, string problem)
    {
        var ex = await RuleSets.InspectFailsAsync(RuleSets.Credit("FIRST", rules.Replace("THEN", Then, StringComparison.Ordinal)));

        Assert.Equal(part, ex.Part);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
        Assert.Equal(RuleSets.ModelName, ex.ModelName);
        Assert.Equal(RulesFlavor.FlavorName, ex.Flavor);
        Assert.Null(ex.Version);
    }

    [Theory]
    [InlineData("PRIORITY", """[ { "name": "decision", "type": "string" }, { "name": "limit", "type": "integer" } ]""", "", "outputs", "needs a \"priority\" list")]
    [InlineData("PRIORITY", """[ { "name": "decision", "type": "string", "priority": ["DECLINE"] }, { "name": "limit", "type": "integer" } ]""", "", "rule 'r1' field 'decision'", "value \"APPROVE\" is not in the output's priority list")]
    [InlineData("PRIORITY", """[ { "name": "decision", "type": "string", "priority": [] }, { "name": "limit", "type": "integer" } ]""", "", "output 'decision'", "non-empty array")]
    [InlineData("FIRST", """[ { "name": "decision", "type": "string", "priority": ["APPROVE"] }, { "name": "limit", "type": "integer" } ]""", "", "output 'decision'", "only used by the PRIORITY hit policy")]
    [InlineData("FIRST", RuleSets.DecisionOutputs, """ "aggregation": "SUM", """, "aggregation", "only allowed with the COLLECT hit policy")]
    [InlineData("COLLECT", RuleSets.DecisionOutputs, """ "aggregation": "SUM", """, "aggregation", "exactly one output")]
    [InlineData("COLLECT", """[ { "name": "decision", "type": "string" } ]""", """ "aggregation": "MAX", """, "output 'decision'", "MAX needs a number or integer output")]
    [InlineData("COLLECT", RuleSets.DecisionOutputs, """ "aggregation": "AVG", """, "aggregation", "\"AVG\" is not an aggregation")]
    [InlineData("LAST", RuleSets.DecisionOutputs, "", "hitPolicy", "\"LAST\" is not a hit policy")]
    [InlineData("FIRST", """[ { "name": "decision", "type": "text" } ]""", "", "output 'decision'", "\"type\" must be one of number, integer, string, boolean, not \"text\"")]
    [InlineData("FIRST", """[ { "name": "decision", "type": "string" }, { "name": "Decision", "type": "string" } ]""", "", "output 'Decision'", "another output has the same name")]
    [InlineData("FIRST", "[]", "", "outputs", "must be a non-empty array")]
    [InlineData("FIRST", RuleSets.DecisionOutputs, """ "default": { "decision": 1, "limit": 0 }, """, "default field 'decision'", "type error")]
    [InlineData("FIRST", RuleSets.DecisionOutputs, """ "hitpolicy": "FIRST", """, "rule set", "unknown property \"hitpolicy\"")]
    public async Task Inspect_InvalidPolicyOrOutputs_IsRefused(string hitPolicy, string outputs, string extra, string part, string problem)
    {
        var rules = """{ "id": "r1", "then": { "decision": "APPROVE", "limit": 1 } }""";
        if (extra.Contains("aggregation", StringComparison.Ordinal) && !outputs.Contains("limit", StringComparison.Ordinal))
        {
            rules = """{ "id": "r1", "then": { "decision": "APPROVE" } }""";
        }

        var ex = await RuleSets.InspectFailsAsync(RuleSets.Credit(hitPolicy, rules, outputs, extra));

        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
        Assert.Contains(ex.Part!, ex.Message, StringComparison.Ordinal);
        Assert.Equal(part, ex.Part);
    }

    [Theory]
    [InlineData("""{ "formatVersion": 2, "hitPolicy": "FIRST" }""", "formatVersion", "format version 2 is newer than this library reads (1)")]
    [InlineData("""{ "hitPolicy": "FIRST" }""", "formatVersion", "missing")]
    [InlineData("""[1, 2]""", null, "must be a JSON object")]
    [InlineData("""{ "formatVersion": 1, "hitPolicy": "FIRST", """, null, "not valid JSON")]
    [InlineData("""{ "formatVersion": 1, "hitPolicy": "FIRST", "inputs": [ { "name": "x", "type": "number", "required": false } ], "outputs": [ { "name": "y", "type": "number" } ], "rules": [ { "id": "r1", "then": { "y": 1 } } ] }""", "input 'x'", "must also be \"nullable\": true")]
    [InlineData("""{ "formatVersion": 1, "hitPolicy": "FIRST", "inputs": [ { "name": "x", "type": "number" }, { "name": "X", "type": "string" } ], "outputs": [ { "name": "y", "type": "number" } ], "rules": [ { "id": "r1", "then": { "y": 1 } } ] }""", "input 'X'", "another input has the same name")]
    [InlineData("""{ "formatVersion": 1, "hitPolicy": "FIRST", "inputs": [ { "name": "x", "type": "number" } ], "outputs": [ { "name": "y", "type": "number" } ], "rules": [] }""", "rules", "must be a non-empty array")]
    public async Task Inspect_InvalidDocument_IsRefused(string json, string? part, string problem)
    {
        var ex = await RuleSets.InspectFailsAsync(json);

        Assert.Equal(part, ex.Part);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_SeveralErrors_ReportsAllOfThemInOneException()
    {
        var rules = """
            { "id": "r1", "when": { "country": { "op": ">", "value": 3 } }, THEN },
            { "id": "r2", "when": { "income": { "op": "range", "min": 9, "max": 1 } }, THEN },
            { "id": "r1", "when": { "incme": 3 }, THEN },
            { "id": "r4", "when": { "country": { "op": "in", "values": [] } }, "then": { "decision": 7, "limit": 1 } }
            """.Replace("THEN", Then, StringComparison.Ordinal);

        var ex = await RuleSets.InspectFailsAsync(RuleSets.Credit("FIRST", rules));

        Assert.Equal("rule 'r1' field 'country'", ex.Part);
        Assert.Contains("6 errors:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("- rule 'r1' field 'country': operator \">\" is not defined for a string field", ex.Message, StringComparison.Ordinal);
        Assert.Contains("- rule 'r2' field 'income': inverted range", ex.Message, StringComparison.Ordinal);
        Assert.Contains("- rule 'r1': duplicate rule id", ex.Message, StringComparison.Ordinal);
        Assert.Contains("- rule 'r1' field 'incme': unknown input field", ex.Message, StringComparison.Ordinal);
        Assert.Contains("- rule 'r4' field 'country': empty set", ex.Message, StringComparison.Ordinal);
        Assert.Contains("- rule 'r4' field 'decision': type error", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_TwoErrors_MessageAsDocumented()
    {
        var rules = """
            { "id": "r7", "when": { "country": { "op": ">", "value": "M" } }, THEN },
            { "id": "r8", "when": { "income": { "op": "range", "min": 10, "max": 5 } }, THEN }
            """.Replace("THEN", Then, StringComparison.Ordinal);

        var ex = await RuleSets.InspectFailsAsync(RuleSets.Credit("FIRST", rules));

        Assert.Equal(
            string.Join(
                Environment.NewLine,
                "The rules artifact of model 'credit' (new version) cannot be loaded at 'rule 'r7' field 'country'': 2 errors:",
                "- rule 'r7' field 'country': operator \">\" is not defined for a string field; use = or != (or in / not in)",
                "- rule 'r8' field 'income': inverted range: min 10 is greater than max 5"),
            ex.Message);
    }

    [Fact]
    public async Task Inspect_ValidRuleSet_ReturnsTheSignature()
    {
        var inspection = await new RulesFlavor().InspectAsync(RuleSets.Artifact(RuleSets.Credit("FIRST", """{ "id": "r1", "then": { "decision": "APPROVE", "limit": 1 } }""")));

        Assert.Equal(
            [new SignatureField("income", "float64"), new SignatureField("age", "int64"), new SignatureField("country", "string"), new SignatureField("student", "bool", null, IsOptional: true)],
            inspection.Signature.Inputs);
        Assert.Equal([new SignatureField("decision", "string"), new SignatureField("limit", "int64")], inspection.Signature.Outputs);
    }

    [Fact]
    public async Task Inspect_CollectWithoutAggregation_DescribesOutputsAsLists()
    {
        var inspection = await new RulesFlavor().InspectAsync(RuleSets.Artifact(RuleSets.Credit("COLLECT", """{ "id": "r1", "then": { "decision": "APPROVE", "limit": 1 } }""")));

        Assert.All(inspection.Signature.Outputs, o => Assert.Equal([-1L], o.Shape));
    }

    [Fact]
    public async Task Load_InvalidRuleSet_NamesTheVersion()
    {
        var ex = await Assert.ThrowsAsync<InvalidModelArtifactException>(async () =>
            await new RulesFlavor().LoadAsync(RuleSets.Artifact("""{ "formatVersion": 1 }""", RuleSets.Version(5))));

        Assert.Equal(5, ex.Version);
    }
}
