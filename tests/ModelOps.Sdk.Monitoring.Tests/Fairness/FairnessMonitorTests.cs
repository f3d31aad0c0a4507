using ModelOps.Sdk.Monitoring.Fairness;
using ModelOps.Sdk.Monitoring.Tests.Profiles;
using ModelOps.Sdk.Monitoring.Tests.Reports;

namespace ModelOps.Sdk.Monitoring.Tests.Fairness;

public sealed class FairnessMonitorTests
{
    private static FairnessMonitor<LoanRow, LoanDecision> Build(FairnessOptions? regionOptions = null) =>
        new FairnessMonitorBuilder<LoanRow, LoanDecision>(d => d.Approved)
            .AddAttribute("Region", r => r.Region, regionOptions)
            .AddAttribute("Channel", r => r.Channel.ToString())
            .AddIntersection("Region", "Channel")
            .Build();

    [Fact]
    public void CloseWindow_EqualsTheMetricsOfCountsKeptByHand_ForEachAttributeAndTheIntersection()
    {
        var (rows, decisions) = new SyntheticLoans().Generate(4_000, seed: 61);
        var monitor = Build(new FairnessOptions { PrivilegedGroup = new FairnessGroup("US") });
        var byRegion = new GroupOutcomeCounts();
        var byChannel = new GroupOutcomeCounts();
        var byBoth = new GroupOutcomeCounts();
        for (var i = 0; i < rows.Count; i++)
        {
            monitor.Observe(rows[i], decisions[i]);
            var repaid = i % 3 != 0;
            if (i % 2 == 0)
            {
                monitor.ObserveLabel(rows[i], decisions[i], repaid);   // half the labels have come
                byRegion.Add(new FairnessGroup(rows[i].Region!), decisions[i].Approved, repaid);
                byChannel.Add(new FairnessGroup(rows[i].Channel.ToString()), decisions[i].Approved, repaid);
                byBoth.Add(new FairnessGroup(rows[i].Region!, rows[i].Channel.ToString()), decisions[i].Approved, repaid);
            }
            else
            {
                byRegion.Add(new FairnessGroup(rows[i].Region!), decisions[i].Approved);
                byChannel.Add(new FairnessGroup(rows[i].Channel.ToString()), decisions[i].Approved);
                byBoth.Add(new FairnessGroup(rows[i].Region!, rows[i].Channel.ToString()), decisions[i].Approved);
            }
        }

        var reports = monitor.CloseWindow();

        Assert.Equal(["Region", "Channel", "Region & Channel"], reports.Select(r => r.Attribute));
        AssertSame(FairnessMetrics.Compute(byRegion, new FairnessOptions { PrivilegedGroup = new FairnessGroup("US") }), reports[0]);
        AssertSame(FairnessMetrics.Compute(byChannel), reports[1]);
        AssertSame(FairnessMetrics.Compute(byBoth), reports[2]);
        Assert.Equal(12, reports[2].Groups.Count);
        Assert.NotNull(reports[0].EqualizedOddsDifference.Value);
        Assert.Equal(3, reports[0].ComparisonsWithPrivileged.Count);
    }

    [Fact]
    public void CloseWindow_StartsNewCounts_AndLabelsMayComeInALaterWindow()
    {
        var monitor = Build();
        var row = new LoanRow(50_000, 40, null, Channel.Web, false);
        for (var i = 0; i < 40; i++)
        {
            monitor.Observe(row, new LoanDecision(0.9, true));
        }

        var first = monitor.CloseWindow();
        Assert.Equal(new FairnessGroup(FairnessMonitor<LoanRow, LoanDecision>.MissingGroup), first[0].Groups.Single().Group);
        Assert.Equal(40, first[0].Groups.Single().Counts.Count);

        for (var i = 0; i < 40; i++)
        {
            monitor.ObserveLabel(row, new LoanDecision(0.9, true), actualPositive: i < 30);
        }

        var second = monitor.CloseWindow();
        var group = second[0].Groups.Single();
        Assert.Equal(0, group.Counts.Count);
        Assert.Equal(30, group.Counts.ActualPositives);
        Assert.Equal(1.0, group.TruePositiveRate);
        Assert.Null(group.SelectionRate);
    }

    [Fact]
    public async Task ConcurrentObservers_CountEveryDecisionOnce()
    {
        var monitor = Build();
        var (rows, decisions) = new SyntheticLoans().Generate(2_000, seed: 62);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            for (var i = 0; i < rows.Count; i++)
            {
                monitor.Observe(rows[i], decisions[i]);
            }
        })).ToArray();

        start.SetResult();
        await Task.WhenAll(workers);
        var reports = monitor.CloseWindow();

        Assert.All(reports, r => Assert.Equal(8_000, r.Groups.Sum(g => g.Counts.Count)));
        Assert.Equal(4 * decisions.Count(d => d.Approved), reports[0].Groups.Sum(g => g.Counts.Selected));
    }

    [Fact]
    public void Build_InvalidConfiguration_ListsEveryProblem()
    {
        var builder = new FairnessMonitorBuilder<LoanRow, LoanDecision>(d => d.Approved)
            .AddAttribute("Region", r => r.Region)
            .AddAttribute("Region", r => r.Region)
            .AddIntersection("Region", "Gender")
            .AddIntersection("Region", "Region", new FairnessOptions { MinimumGroupSize = 0 });

        var ex = Assert.Throws<ArgumentException>(builder.Build);

        Assert.Contains("'Region' is added 2 times", ex.Message, StringComparison.Ordinal);
        Assert.Contains("names 'Gender', which is not an added attribute", ex.Message, StringComparison.Ordinal);
        Assert.Contains("names the same attribute twice", ex.Message, StringComparison.Ordinal);
        Assert.Contains("MinimumGroupSize must be at least 1 (was 0)", ex.Message, StringComparison.Ordinal);
    }

    private static void AssertSame(FairnessReport expected, FairnessReport actual)
    {
        Assert.Equal(expected.Groups, actual.Groups);
        Assert.Equal(expected.DemographicParityDifference, actual.DemographicParityDifference);
        Assert.Equal(expected.DemographicParityRatio, actual.DemographicParityRatio);
        Assert.Equal(expected.EqualOpportunityDifference, actual.EqualOpportunityDifference);
        Assert.Equal(expected.EqualizedOddsDifference, actual.EqualizedOddsDifference);
        Assert.Equal(expected.ComparisonsWithPrivileged, actual.ComparisonsWithPrivileged);
    }
}
