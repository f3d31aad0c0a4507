using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ModelOps.Sdk.Explanations;

namespace ModelOps.Sdk.Abstractions.Tests.Explanations;

/// <summary>Explanations and reason-code tables round-trip through their stored form; invalid tables are refused naming the entry.</summary>
public sealed class ExplanationJsonTests
{
    private static readonly ReasonCodeTable Table = new()
    {
        Output = "Score",
        MaxReasons = 3,
        Entries =
        [
            new ReasonCodeEntry("R01", "Debt-to-income ratio too high", Feature: "dti", Direction: ContributionDirection.Increases),
            new ReasonCodeEntry("R02", "Income too low", Feature: "income", Direction: ContributionDirection.Decreases),
            new ReasonCodeEntry("R03", "Applicant under 18", RuleId: "minor"),
        ],
    };

    [Fact]
    public void WriteDecisionExplanation_EveryMember_RoundTrips()
    {
        var explanation = new DecisionExplanation
        {
            ModelName = "credit",
            Version = 7,
            Method = ExplanationMethod.Occlusion,
            Baseline = "reference profile 'default' revision 2",
            Output = "Score",
            OutputValue = -1.25,
            BaselineOutputValue = double.NaN,
            Contributions = [new FeatureContribution("dti", 0.75, 0.6, 0.3), new FeatureContribution("segment", -0.5)],
            FiredRules = [new FiredRule("minor", new Dictionary<string, JsonElement> { ["decision"] = JsonSerializer.SerializeToElement("DECLINE") }, "Under 18")],
            ReasonCodes = [new ReasonCode("R01", "Debt-to-income ratio too high", "dti", null, 0.75)],
        };

        var json = ExplanationJson.WriteDecisionExplanation(explanation);
        var read = ExplanationJson.ReadDecisionExplanation(json);

        Assert.Equal(Encoding.UTF8.GetString(json), Encoding.UTF8.GetString(ExplanationJson.WriteDecisionExplanation(read)));
        Assert.Equal((explanation.ModelName, explanation.Version, explanation.Method, explanation.Baseline), (read.ModelName, read.Version, read.Method, read.Baseline));
        Assert.Equal(explanation.Contributions, read.Contributions);
        Assert.Equal(explanation.ReasonCodes, read.ReasonCodes);
        Assert.True(double.IsNaN(read.BaselineOutputValue!.Value));
        Assert.Equal("DECLINE", read.FiredRules[0].Outputs["decision"].GetString());
        Assert.Contains("\"method\":\"Occlusion\"", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
    }

    [Fact]
    public void ReadDecisionExplanation_NewerSchemaVersion_IsRefused()
    {
        var json = """{ "schemaVersion": 2, "modelName": "credit", "version": 1, "method": "Occlusion", "baseline": "x" }"""u8.ToArray();

        var ex = Assert.Throws<StorageFormatException>(() => ExplanationJson.ReadDecisionExplanation(json));

        Assert.Contains("schema version 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteReasonCodeTable_ValidTable_RoundTrips()
    {
        var read = ExplanationJson.ReadReasonCodeTable(ExplanationJson.WriteReasonCodeTable(Table));

        Assert.Equal(Table.Entries, read.Entries);
        Assert.Equal((Table.Output, Table.MaxReasons), (read.Output, read.MaxReasons));
    }

    [Theory]
    [InlineData("""{ "code": "", "text": "t", "feature": "f", "direction": "Increases" }""", "Code", "missing or blank")]
    [InlineData("""{ "code": "R9", "text": " ", "feature": "f", "direction": "Increases" }""", "Text", "no text")]
    [InlineData("""{ "code": "R01", "text": "again", "feature": "f", "direction": "Increases" }""", "Code", "already used")]
    [InlineData("""{ "code": "R9", "text": "t", "feature": "f" }""", "Direction", "no direction")]
    [InlineData("""{ "code": "R9", "text": "t" }""", "Feature", "neither")]
    [InlineData("""{ "code": "R9", "text": "t", "feature": "f", "direction": "Increases", "ruleId": "r" }""", "RuleId", "both")]
    [InlineData("""{ "code": "R9", "text": "t", "ruleId": "r", "direction": "Decreases" }""", "Direction", "a fired rule has none")]
    [InlineData("""{ "code": "R9", "text": "t", "feature": "dti", "direction": "Increases" }""", "Feature", "already has an entry")]
    public void ReadReasonCodeTable_BadEntry_IsRefusedNamingTheEntryAndField(string entry, string field, string problem)
    {
        var json = Encoding.UTF8.GetBytes($$"""{ "entries": [ { "code": "R01", "text": "Debt", "feature": "dti", "direction": "Increases" }, {{entry}} ] }""");

        var ex = Assert.Throws<InvalidReasonCodeTableException>(() => ExplanationJson.ReadReasonCodeTable(json, "credit", 3));

        Assert.Equal((1, field), (ex.Entry, ex.Field));
        Assert.Equal(("credit", 3), (ex.ModelName, ex.Version));
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
        Assert.Contains("entry 1", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "maxReasons": 0, "entries": [ { "code": "R", "text": "t", "ruleId": "r" } ] }""", "MaxReasons")]
    [InlineData("""{ "schemaVersion": 2, "entries": [ { "code": "R", "text": "t", "ruleId": "r" } ] }""", "SchemaVersion")]
    [InlineData("""{ "entries": [] }""", "Entries")]
    [InlineData("""{ "entries": [ { "code": "R", "text": "t", "feature": "f", "direction": "Sideways" } ] }""", "$.entries[0].direction")]
    [InlineData("""[ 1 ]""", "$")]
    public void ReadReasonCodeTable_BadTable_IsRefusedNamingTheField(string json, string field)
    {
        var ex = Assert.Throws<InvalidReasonCodeTableException>(() => ExplanationJson.ReadReasonCodeTable(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(field, ex.Field);
        Assert.Null(ex.Entry);
    }

    /// <summary>Any table of well-formed, distinct entries is accepted and reads back equal, entry for entry.</summary>
    [Property(MaxTest = 200)]
    public Property WriteReasonCodeTable_DistinctEntries_ReadBackEqual()
    {
        var entries = Gen.Choose(0, 40).SelectMany(n => Gen.Shuffle(Enumerable.Range(0, 60).ToArray()).Select(ids => ids.Take(Math.Max(n, 1)).Select(i => i % 3 == 0
            ? new ReasonCodeEntry($"C{i}", $"text {i}", RuleId: $"rule-{i}")
            : new ReasonCodeEntry($"C{i}", $"text {i}", Feature: $"f{i / 2}", Direction: i % 2 == 0 ? ContributionDirection.Increases : ContributionDirection.Decreases)).ToArray()));
        return Prop.ForAll(entries.ToArbitrary(), list =>
        {
            var table = new ReasonCodeTable { Entries = list };
            Assert.Equal(list, ExplanationJson.ReadReasonCodeTable(ExplanationJson.WriteReasonCodeTable(table)).Entries);
        });
    }
}
