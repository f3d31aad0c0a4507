using System.Text;
using System.Text.Json.Nodes;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Schema;

namespace ModelOps.Sdk.Monitoring.Tests.Profiles;

public class DataProfileTests
{
    private static (DataProfile Reference, DataProfile Current) Pair()
    {
        var (rows, decisions) = ProfileRows.Generate(1_000, seed: 5);
        var reference = ProfileRows.Schema.FitReference(rows, decisions);
        var (now, nowDecisions) = ProfileRows.Generate(300, seed: 6);
        return (reference, ProfileRows.Schema.Profile(reference, now, nowDecisions));
    }

    [Fact]
    public void Merge_ProfilesFromDifferentReferences_RefusedNamingTheFeature()
    {
        var (reference, current) = Pair();
        var (rows, decisions) = ProfileRows.Generate(1_000, seed: 99, incomeShift: 10_000);
        var otherReference = ProfileRows.Schema.FitReference(rows, decisions);

        var ex = Assert.Throws<ProfileMismatchException>(() => DataProfile.Merge(current, otherReference));

        Assert.Equal("Income", ex.Feature);
        Assert.Contains("bin edges differ", ex.Message, StringComparison.Ordinal);
        Assert.IsType<ModelOpsException>(ex, exactMatch: false);
        _ = reference;
    }

    [Fact]
    public void Merge_DifferentFeatures_Refused()
    {
        var (reference, _) = Pair();
        var fewer = reference with { Features = reference.Features.Take(2).ToArray() };

        var ex = Assert.Throws<ProfileMismatchException>(() => DataProfile.Merge(reference, fewer));
        Assert.Equal("Region", ex.Feature);
    }

    [Fact]
    public void Json_HasSchemaVersionAndCamelCaseNames()
    {
        var (_, current) = Pair();
        var json = JsonNode.Parse(current.ToJson())!;

        Assert.Equal(DataProfile.CurrentSchemaVersion, json["schemaVersion"]!.GetValue<int>());
        Assert.Equal("numeric", json["features"]![0]!["kind"]!.GetValue<string>());
        Assert.Equal(300, json["rowCount"]!.GetValue<long>());
    }

    [Fact]
    public void FromJson_NewerSchemaVersion_RefusedClearly()
    {
        var (_, current) = Pair();
        var json = JsonNode.Parse(current.ToJson())!;
        json["schemaVersion"] = DataProfile.CurrentSchemaVersion + 1;

        var ex = Assert.Throws<ProfileFormatException>(() => DataProfile.FromJson(Encoding.UTF8.GetBytes(json.ToJsonString())));

        Assert.Equal(DataProfile.CurrentSchemaVersion + 1, ex.SchemaVersion);
        Assert.Contains("newer than version 1", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"features":[]}""", "no positive 'schemaVersion'")]
    [InlineData("""[1,2]""", "no positive 'schemaVersion'")]
    [InlineData("""{"schemaVersion":1}""", "not a valid data profile")]
    [InlineData("""{"schemaVersion":1,"features":[{"name":"x","kind":"numeric","edges":[0,1,2],"counts":[1],"count":1}]}""", "has 1 counts for 2 bins")]
    [InlineData("""{"schemaVersion":1,"features":[{"name":"x","kind":"numeric","edges":[0,2,1],"counts":[1,0],"count":1}]}""", "do not increase")]
    [InlineData("""{"schemaVersion":1,"features":[{"name":"x","kind":"categorical","categories":["a"],"counts":[2],"count":1}]}""", "summing to 2 for a count of 1")]
    [InlineData("""not json""", "not a valid data profile")]
    [InlineData("""{"schemaVersion":1,"features":[{"name":"x","schemaVersion":1}],"schemaVersion":9}""", "schema version 9, newer than version 1")]
    [InlineData("""{"features":[{"schemaVersion":1}]}""", "no positive 'schemaVersion'")]
    [InlineData("""{"schemaVersion":"1","features":[]}""", "no positive 'schemaVersion'")]
    [InlineData("""{"schemaVersion":1,"features":[}""", "not a valid data profile")]
    public void FromJson_InvalidDocument_RefusedSayingWhy(string json, string expected)
    {
        var ex = Assert.Throws<ProfileFormatException>(() => DataProfile.FromJson(Encoding.UTF8.GetBytes(json)));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Indexer_UnknownFeature_ThrowsNamingIt()
    {
        var (reference, _) = Pair();
        var ex = Assert.Throws<KeyNotFoundException>(() => reference["Nope"]);
        Assert.Contains("'Nope'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Profile_WithReferenceOfAnotherSchema_Refused()
    {
        var (reference, _) = Pair();
        var schema = new MonitoringSchemaBuilder<LoanRow, LoanDecision>().AddNumericInput("Income", r => r.Income).Build();

        var ex = Assert.Throws<ProfileMismatchException>(() => schema.Profile(reference, [], []));
        Assert.Equal("Age", ex.Feature);
    }
}
