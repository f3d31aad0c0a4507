using ModelOps.Sdk.Reporting.Tests.Infrastructure;

namespace ModelOps.Sdk.Reporting.Tests;

public sealed class ReportContentTests(ReportRegistry registry) : IClassFixture<ReportRegistry>
{
    [Fact]
    public async Task ReadOverviewAsync_FourModelsInFourStates_HeadlinesSayEachInPlainWords()
    {
        var overview = await registry.Generator.ReadOverviewAsync(ReportScope.All);

        var headlines = overview.Models.ToDictionary(m => m.Name, m => m.Headline);
        Assert.Equal(["churn", "credit", "fraud", "pricing"], headlines.Keys);
        Assert.Equal(new ModelHeadline(ModelHeadlineKind.ChallengerPending, "challenger better by 1.0 points of accuracy, decision pending"), headlines["credit"]);
        Assert.Equal(ModelHeadlineKind.Drift, headlines["fraud"].Kind);
        Assert.Equal($"drift in {DriftedInputs(overview, "fraud")} of 5 inputs since {Day(registry.FraudDriftStartedAt)}", headlines["fraud"].Text);
        Assert.Equal(new ModelHeadline(ModelHeadlineKind.RolledBack, $"rolled back on {Day(registry.PricingRolledBackAt)}: error rate (version 2 to 1)"), headlines["pricing"]);
        Assert.Equal(new ModelHeadline(ModelHeadlineKind.NoMonitoringData, $"no monitoring data since {Day(registry.ChurnChampionAt)} (version 1 became champion)"), headlines["churn"]);
    }

    [Fact]
    public async Task ReadOverviewAsync_Credit_ShowsChampionChallengerApproverGatesAndIntactChain()
    {
        var overview = await registry.Generator.ReadOverviewAsync(new ReportScope { ModelName = "credit" });

        var credit = Assert.Single(overview.Models);
        Assert.Equal(1, credit.Champion?.Version);
        Assert.Equal(2, credit.Challenger?.Version);
        Assert.Equal(ModelVersionStatus.Approved, credit.Champion?.Status);
        var promotion = Assert.IsType<PromotionRecord>(credit.LastPromotion);
        Assert.Equal("dave", promotion.Change.Actor);
        Assert.Equal("release credit v1", promotion.Change.Reason);
        var approval = Assert.Single(promotion.Approvals);
        Assert.Equal(("bob", "reviewed credit v1"), (approval.Approver, approval.Comment));
        Assert.True(credit.ChampionGates?.Passed);
        Assert.True(credit.AuditChain.IsValid);
        Assert.Equal(3, credit.Monitoring.WindowCount);
        Assert.Equal(TimeZoneInfo.Utc, overview.TimeZone);
    }

    [Fact]
    public async Task ReadOverviewAsync_PeriodAfterTheLastWindow_SaysNoDataSinceTheLastWindowNotZero()
    {
        var overview = await registry.Generator.ReadOverviewAsync(new ReportScope { ModelName = "credit", From = registry.CreditLastWindowEndedAt.AddHours(1) });

        var credit = Assert.Single(overview.Models);
        Assert.Equal(0, credit.Monitoring.WindowCount);
        Assert.Equal(registry.CreditLastWindowEndedAt, credit.Monitoring.LastDataAt);
        Assert.Equal(new ModelHeadline(ModelHeadlineKind.NoMonitoringData, $"no monitoring data since {Day(registry.CreditLastWindowEndedAt)} (the last window ended)"), credit.Headline);
    }

    [Fact]
    public async Task ReadModelAsync_PeriodEndingBeforeTheRollback_ShowsTheStateThenAndOnlyTheChangesBefore()
    {
        var section = await registry.Generator.ReadModelAsync("pricing", new ReportScope { To = registry.PricingRolledBackAt });

        Assert.NotEqual(ModelHeadlineKind.RolledBack, section.Summary.Headline.Kind);
        Assert.All(section.AliasTimeline, c => Assert.True(c.Timestamp < registry.PricingRolledBackAt));
        Assert.DoesNotContain(section.AliasTimeline, c => c.Kind == AliasChangeKind.RolledBack);
        Assert.Equal(2, section.AliasTimeline.Count);
    }

    [Fact]
    public async Task ReadModelAsync_Fraud_WindowsOldestFirstWithTheLastTwoDrifted()
    {
        var section = await registry.Generator.ReadModelAsync("fraud", ReportScope.All);

        Assert.Equal([false, false, true, true], section.Windows.Select(w => w.Report.DatasetDrift.Drifted));
        Assert.Equal(section.Windows.OrderBy(w => w.EndedAt).Select(w => w.EndedAt), section.Windows.Select(w => w.EndedAt));
        Assert.Equal(registry.FraudDriftStartedAt, section.Summary.Monitoring.DriftSince);
    }

    [Fact]
    public async Task ReadOverviewAsync_UnknownModelOrBackwardsPeriod_ThrowsNamingIt()
    {
        var missing = await Assert.ThrowsAsync<ModelNotFoundException>(() => registry.Generator.ReadOverviewAsync(new ReportScope { ModelName = "nope" }));
        Assert.Equal("nope", missing.ModelName);
        var backwards = await Assert.ThrowsAsync<ArgumentException>(() => registry.Generator.ReadOverviewAsync(new ReportScope { From = ReportRegistry.Start, To = ReportRegistry.Start.AddDays(-1) }));
        Assert.Contains("ends", backwards.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteHtmlAsync_WholeRegistry_OneFileWithNoScriptNoExternalReferenceAndEveryHeadline()
    {
        using var html = new MemoryStream();
        await registry.Generator.WriteHtmlAsync(html, ReportScope.All);
        var text = System.Text.Encoding.UTF8.GetString(html.ToArray());

        Assert.StartsWith("<!DOCTYPE html>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("All dates and times are in UTC.", text, StringComparison.Ordinal);
        var overview = await registry.Generator.ReadOverviewAsync(ReportScope.All);
        Assert.All(overview.Models, m => Assert.Contains(System.Net.WebUtility.HtmlEncode(m.Headline.Text), text, StringComparison.Ordinal));
        Assert.Equal(4, CountOf(text, "<section class=\"model\""));
    }

    private static int DriftedInputs(ReportOverview overview, string model) =>
        overview.Models.Single(m => m.Name == model).Monitoring.Latest!.Report.Features.Count(f => f.Drifted);

    private static string Day(DateTimeOffset time) => time.UtcDateTime.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
