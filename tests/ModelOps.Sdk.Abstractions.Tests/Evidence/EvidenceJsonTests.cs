using System.Text;
using ModelOps.Sdk.Evidence;

namespace ModelOps.Sdk.Abstractions.Tests.Evidence;

public class EvidenceJsonTests
{
    [Fact]
    public void OnnxParityReport_WithNonFiniteDifferences_RoundTrips()
    {
        var report = new OnnxParityReport(
            "credit", 1, 2, 40,
            new Dictionary<string, double> { ["Score"] = 1e-7, ["Probability"] = double.PositiveInfinity, ["Other"] = double.NaN },
            new Dictionary<string, int> { ["PredictedLabel"] = 3 });

        var read = EvidenceJson.ReadOnnxParityReport(EvidenceJson.WriteOnnxParityReport(report));

        Assert.Equal(("credit", 1, 2, 40), (read.ModelName, read.SourceVersion, read.ExportVersion, read.SampleSize));
        Assert.Equal(report.MaxAbsoluteDifference.OrderBy(p => p.Key), read.MaxAbsoluteDifference.OrderBy(p => p.Key));
        Assert.Equal(3, read.Mismatches["PredictedLabel"]);
        Assert.False(read.IsWithin(1));
    }

    [Fact]
    public void ReadOnnxParityReport_OfTheFormatWrittenBeforeEvidenceJson_ReadsIt()
    {
        // The 0.x exporter wrote the report with the web defaults and its computed worst difference.
        var stored = """{ "modelName": "credit", "sourceVersion": 1, "exportVersion": 2, "sampleSize": 5, "maxAbsoluteDifference": { "Score": 0.5 }, "mismatches": {}, "worstAbsoluteDifference": 0.5 }"""u8;

        var read = EvidenceJson.ReadOnnxParityReport(stored);

        Assert.Equal(0.5, read.WorstAbsoluteDifference);
        Assert.Empty(read.Mismatches);
    }

    [Fact]
    public void ReadMonitoringSummary_OfANewerSchemaVersion_ThrowsStorageFormatExceptionNamingBothVersions()
    {
        var newer = Encoding.UTF8.GetBytes($$"""{ "schemaVersion": {{EvidenceJson.MonitoringReportSchemaVersion + 1}}, "features": [] }""");

        var ex = Assert.Throws<StorageFormatException>(() => EvidenceJson.ReadMonitoringSummary(newer));

        Assert.Contains($"schema version {EvidenceJson.MonitoringReportSchemaVersion + 1}", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"version {EvidenceJson.MonitoringReportSchemaVersion} that this library reads", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    [InlineData("""{ "features": [] }""")]
    public void ReadMonitoringSummary_OfSomethingElse_ThrowsStorageFormatException(string content) =>
        Assert.Throws<StorageFormatException>(() => EvidenceJson.ReadMonitoringSummary(Encoding.UTF8.GetBytes(content)));

    [Fact]
    public void ReadMonitoringSummary_MissingSections_AreNullNotZero()
    {
        var summary = EvidenceJson.ReadMonitoringSummary("""{ "schemaVersion": 1, "modelName": "credit" }"""u8);

        Assert.Equal("credit", summary.ModelName);
        Assert.Null(summary.DriftedShare);
        Assert.Null(summary.BadRowShare);
        Assert.Empty(summary.Fairness);
    }

    [Fact]
    public void ReadReferenceProfileSummary_WithoutFeatures_ThrowsStorageFormatException() =>
        Assert.Throws<StorageFormatException>(() => EvidenceJson.ReadReferenceProfileSummary("""{ "schemaVersion": 1, "rowCount": 3 }"""u8));
}
