using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelOps.Sdk.Governance;
using ModelOps.Sdk.Governance.Policies;
using ModelOps.Sdk.Monitoring.Fairness;
using ModelOps.Sdk.Monitoring.Monitors;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Reports;
using ModelOps.Sdk.Monitoring.Tests.Profiles;
using ModelOps.Sdk.Reporting.Tests.Infrastructure;
using ModelOps.Sdk.Security;

namespace ModelOps.Sdk.Reporting.Tests;

/// <summary>
/// Fairness is shown against the limits of the fairness gate in the model's effective promotion policy, and against the
/// four-fifths rule only when the policy has no such gate; the report says which.
/// </summary>
public sealed class FairnessLimitsTests : IAsyncLifetime
{
    private readonly SwitchableActor _actor = new();
    private readonly string _root = Path.Combine(Path.GetTempPath(), "modelops-fairness-" + Guid.NewGuid().ToString("N"));
    private ServiceProvider _provider = null!;
    private double _ratio;

    private IModelRegistry Registry => _provider.GetRequiredService<IModelRegistry>();

    private IModelOpsReportGenerator Generator => _provider.GetRequiredService<IModelOpsReportGenerator>();

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseFileSystem(_root).AddMonitoring(o => o.Quality.BadRowShareAlert = 0.2).AddGovernance().AddReporting();
        services.Replace(ServiceDescriptor.Singleton<IActorAccessor>(_actor));
        _provider = services.BuildServiceProvider();
        _actor.ActAs("alice", "model-deployer");
        await using (var artifact = new MemoryStream([1, 2, 3]))
        {
            await Registry.RegisterAsync(new ModelVersionRegistration { ModelName = "loans", Flavor = "custom", Artifact = artifact });
        }

        var (reference, referenceDecisions) = ProfileRows.Generate(2_000, seed: 1);
        await Registry.SaveReferenceProfileAsync("loans", 1, ProfileRows.Schema.FitReference(reference, referenceDecisions));
        _actor.ActAs("bob", "model-approver");
        await _provider.GetRequiredService<IGovernanceService>().ApproveAsync("loans", 1, "reviewed");
        _actor.ActAs("alice", "model-deployer");
        await Registry.SetAliasAsync("loans", "champion", 1, "release");

        using var monitor = await _provider.GetRequiredService<IModelMonitorFactory>().CreateAsync("loans", 1, ProfileRows.Schema);
        monitor.TrackFairness(new FairnessMonitorBuilder<LoanRow, LoanDecision>(d => d.Approved).AddAttribute("region", r => r.Region).Build());
        var (rows, decisions) = ProfileRows.Generate(800, seed: 9);
        for (var i = 0; i < rows.Count; i++)
        {
            monitor.Observe(rows[i], decisions[i]);
        }

        var report = await monitor.CloseWindowAsync();
        _ratio = Assert.Single(report.FairnessByAttribute).DemographicParityRatio.Value!.Value;
        await Registry.SaveMonitoringReportAsync("loans", 1, report, "production", "window");
    }

    public async Task DisposeAsync()
    {
        await _provider.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task ReadModelAsync_PolicyWithoutFairnessGate_ShowsTheFourFifthsRuleAndSaysSo()
    {
        var section = await Generator.ReadModelAsync("loans", ReportScope.All);

        Assert.Same(FairnessThresholds.FourFifthsRule, section.FairnessLimits);
        var html = await HtmlAsync();
        Assert.Contains("Limits: demographic parity ratio at least 0.8, from the four-fifths rule (the promotion policy has no fairness gate).", html, StringComparison.Ordinal);
        Assert.Contains(_ratio < 0.8 ? "parity ratio too low" : "✓ within the policy's limits", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadModelAsync_StoredPolicyWithAFairnessGate_ShowsItsLimits_AndJudgesTheWindowAgainstThem()
    {
        // A minimum above the window's ratio: the same figures that pass the four-fifths rule fail this policy.
        var minimum = Math.Round(Math.Min(0.999, _ratio + 0.001), 3);
        _actor.ActAs("carol", "model-admin");
        await _provider.GetRequiredService<IGovernanceService>().SetPolicyAsync("loans", PromotionPolicyDocument.FromJson(string.Create(CultureInfo.InvariantCulture, $$"""
            { "gates": [ { "type": "fairness", "attributes": [ "region" ], "minimumDemographicParityRatio": {{minimum}}, "maximumEqualizedOddsDifference": 0.05 } ] }
            """)), "stricter fairness for lending");

        var section = await Generator.ReadModelAsync("loans", ReportScope.All);

        Assert.Equal(new FairnessThresholds(minimum, 0.05, "the fairness gate of the promotion policy (stored for this model)"), section.FairnessLimits);
        var html = await HtmlAsync();
        Assert.Contains(string.Create(CultureInfo.InvariantCulture,
            $"Limits: demographic parity ratio at least {minimum}, equalized odds difference at most 0.05, from the fairness gate of the promotion policy (stored for this model)."), html, StringComparison.Ordinal);
        Assert.Contains("▲ outside the policy's limits: parity ratio too low", html, StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"The dashed line is {minimum * 100:0.0}% of the highest rate (the minimum parity ratio)"), html, StringComparison.Ordinal);
    }

    private async Task<string> HtmlAsync()
    {
        using var stream = new MemoryStream();
        await Generator.WriteHtmlAsync(stream, new ReportScope { ModelName = "loans" });
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
