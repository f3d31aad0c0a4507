using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Governance.Gates;
using ModelOps.Sdk.Governance.Policies;

namespace ModelOps.Sdk.Governance.Tests;

/// <summary>Each built-in gate passes and fails for the right reason; custom gates plug in through DI; overrides are audited.</summary>
public sealed class PromotionGateTests
{
    private static void StandardPolicy(GovernanceOptions o)
    {
        o.DefaultPolicy.Gates.Add(new MetricThresholdGate("auc", minimum: 0.80));
        o.DefaultPolicy.Gates.Add(new ChampionComparisonGate("auc", higherIsBetter: true, maximumDegradation: 0.01));
        o.DefaultPolicy.Gates.Add(new SignatureCompatibilityGate());
    }

    [Fact]
    public async Task MetricThreshold_BelowTheMinimum_FailsNamingTheValueAndTheMinimum()
    {
        await using var host = GovernanceHost.Create(StandardPolicy);
        var v1 = await host.RegisterAsync(auc: 0.78);

        var report = await host.As("alice", "model-approver").Governance.EvaluateGatesAsync(GovernanceHost.Model, v1.Version);

        Assert.False(report.Passed);
        var failure = Assert.Single(report.Failures);
        Assert.Equal("metric:auc", failure.Gate);
        Assert.Equal("auc 0.78 is below the minimum 0.8", failure.Reason);
        Assert.Equal(0.78, failure.Figures["auc"]);
        Assert.Equal("auc >= 0.8", failure.Threshold);
    }

    [Fact]
    public async Task MetricThreshold_MissingMetricFails_WithinBoundsPasses()
    {
        var gate = new MetricThresholdGate("rmse", maximum: 2.5);
        var version = new ModelVersion { ModelName = "m", Version = 3, Flavor = "f", RegisteredBy = "r", Artifact = new ArtifactFile("a", new string('0', 64), 1) };

        var missing = await gate.EvaluateAsync(new GateContext(null!, version, null), default);
        var within = await gate.EvaluateAsync(new GateContext(null!, version with { Metrics = new Dictionary<string, double> { ["rmse"] = 2.5 } }, null), default);
        var above = await gate.EvaluateAsync(new GateContext(null!, version with { Metrics = new Dictionary<string, double> { ["rmse"] = 2.6 } }, null), default);

        Assert.Equal((false, "version 3 has no metric 'rmse'"), (missing.Passed, missing.Reason));
        Assert.True(within.Passed);
        Assert.Equal((false, "rmse 2.6 is above the maximum 2.5"), (above.Passed, above.Reason));
        Assert.Throws<ArgumentException>(() => new MetricThresholdGate("auc"));
        Assert.Throws<ArgumentException>(() => new MetricThresholdGate("auc", minimum: 0.9, maximum: 0.8));
    }

    [Fact]
    public async Task ChampionComparison_WorseThanTheChampionByMoreThanTheMargin_Fails_WithinTheMarginPasses()
    {
        await using var host = GovernanceHost.Create(StandardPolicy);
        var v1 = await host.RegisterAsync(auc: 0.85);
        var first = await host.As("alice", "model-approver").Governance.EvaluateGatesAsync(GovernanceHost.Model, v1.Version);
        Assert.True(first.Passed);
        Assert.Null(first.ChampionVersion);
        await host.MakeChampionAsync(v1.Version);

        var worse = await host.RegisterAsync(auc: 0.83);
        var slightlyWorse = await host.RegisterAsync(auc: 0.845);
        var worseReport = await host.As("alice", "model-approver").Governance.EvaluateGatesAsync(GovernanceHost.Model, worse.Version);
        var slightReport = await host.Governance.EvaluateGatesAsync(GovernanceHost.Model, slightlyWorse.Version);

        Assert.Equal(v1.Version, worseReport.ChampionVersion);
        var failure = Assert.Single(worseReport.Failures);
        Assert.Equal("champion:auc", failure.Gate);
        Assert.Equal(0.02, failure.Figures["degradation"], 12);
        Assert.Contains("at most 0.01 is allowed", failure.Reason, StringComparison.Ordinal);
        Assert.True(slightReport.Passed);
    }

    [Fact]
    public async Task ChampionComparison_LowerIsBetter_ComparesTheOtherWay()
    {
        var gate = new ChampionComparisonGate("rmse", higherIsBetter: false, maximumDegradation: 0.1);
        ModelVersion V(int n, double rmse) => new() { ModelName = "m", Version = n, Flavor = "f", RegisteredBy = "r", Artifact = new ArtifactFile("a", new string('0', 64), 1), Metrics = new Dictionary<string, double> { ["rmse"] = rmse } };

        Assert.True((await gate.EvaluateAsync(new GateContext(null!, V(2, 1.05), V(1, 1.0)), default)).Passed);
        Assert.False((await gate.EvaluateAsync(new GateContext(null!, V(2, 1.2), V(1, 1.0)), default)).Passed);
        Assert.True((await gate.EvaluateAsync(new GateContext(null!, V(2, 0.5), V(1, 1.0)), default)).Passed);
    }

    [Fact]
    public async Task Signature_BreakingChanges_FailListingEach_UntilAnAdministratorOverridesWithAReason()
    {
        await using var host = GovernanceHost.Create(StandardPolicy);
        var v1 = await host.RegisterAsync(auc: 0.85);
        await host.MakeChampionAsync(v1.Version);
        var breaking = new ModelSignature(
            [new SignatureField("income", "float64"), new SignatureField("debt", "float32"), new SignatureField("age", "float32")],
            [new SignatureField("score", "float32")]);
        var v2 = await host.RegisterAsync(auc: 0.86, breaking);

        var report = await host.As("alice", "model-approver").Governance.EvaluateGatesAsync(GovernanceHost.Model, v2.Version);

        var failure = Assert.Single(report.Failures);
        Assert.Equal("signature", failure.Gate);
        Assert.Contains("input 'income' changed from float32 to float64", failure.Reason, StringComparison.Ordinal);
        Assert.Contains("input 'age' is new and required", failure.Reason, StringComparison.Ordinal);
        Assert.Contains("output 'label' is no longer produced", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(3, failure.Figures["breakingChanges"]);

        // An approver may not override; an administrator may, with the reason kept in the audit log.
        var refused = await Assert.ThrowsAsync<GovernanceRefusalException>(
            () => host.Governance.OverrideGateAsync(GovernanceHost.Model, v2.Version, "signature", "callers migrated"));
        Assert.Equal(("authorization", "model-admin"), (refused.Rule, refused.RequiredRole));
        await host.As("olga", "model-admin").Governance.OverrideGateAsync(GovernanceHost.Model, v2.Version, "signature", "all callers moved to v2 inputs (CHG-881)");
        var audit = await host.LastAuditEntryAsync();
        Assert.Equal(("document.attached", "olga"), (audit.Operation, audit.Actor));
        Assert.Contains("CHG-881", audit.Reason, StringComparison.Ordinal);

        var after = await host.As("alice", "model-approver").Governance.EvaluateGatesAsync(GovernanceHost.Model, v2.Version);
        Assert.True(after.Passed);
        Assert.Equal("olga", after.Results.Single(r => r.Gate == "signature").OverriddenBy);
    }

    [Fact]
    public async Task Signature_OptionalNewInputAndExtraOutput_AreCompatible()
    {
        await using var host = GovernanceHost.Create(StandardPolicy);
        var v1 = await host.RegisterAsync(auc: 0.85);
        await host.MakeChampionAsync(v1.Version);
        var extended = new ModelSignature(
            [.. Signatures.V1.Inputs, new SignatureField("age", "float32", IsOptional: true)],
            [.. Signatures.V1.Outputs, new SignatureField("explanation", "string")]);
        var v2 = await host.RegisterAsync(auc: 0.85, extended);

        Assert.True((await host.As("alice", "model-approver").Governance.EvaluateGatesAsync(GovernanceHost.Model, v2.Version)).Passed);
    }

    [Fact]
    public async Task CustomGate_RegisteredThroughDI_IsEvaluatedForEveryModelAndStoredInTheReport()
    {
        await using var host = GovernanceHost.Create(StandardPolicy, b => b.AddPromotionGate<DescriptionRequiredGate>());
        var v1 = await host.RegisterAsync(auc: 0.9);

        var report = await host.As("alice", "model-approver").Governance.EvaluateGatesAsync(GovernanceHost.Model, v1.Version);
        Assert.Equal(["metric:auc", "champion:auc", "signature", "documentation:description"], report.Results.Select(r => r.Gate));
        Assert.Equal("version 1 has no description", Assert.Single(report.Failures).Reason);

        await host.Registry.UpdateDescriptionAsync(GovernanceHost.Model, v1.Version, "Credit approval, gradient boosting on 2025 applications.");
        var stored = await host.Governance.EvaluateGatesAsync(GovernanceHost.Model, v1.Version);
        Assert.True(stored.Passed);
        Assert.Equal(stored, await host.Governance.GetGateReportAsync(GovernanceHost.Model, v1.Version), GateReportComparer.Instance);
    }

    [Fact]
    public void Options_InvalidPolicies_AreRefusedAtStartWithEveryProblem()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory().AddGovernance(o =>
        {
            o.DefaultPolicy.RequiredApprovals = -1;
            o.Policies["fraud"] = new PromotionPolicy();
            o.Policies["fraud"].Gates.Add(new MetricThresholdGate("auc", minimum: 0.8));
            o.Policies["fraud"].Gates.Add(new MetricThresholdGate("auc", minimum: 0.9));
        });
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<GovernanceOptions>>().Value);
        Assert.Contains(ex.Failures, f => f.Contains("requires -1 approvals", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("two gates named 'metric:auc'", StringComparison.Ordinal));
    }

    private sealed class DescriptionRequiredGate : IPromotionGate
    {
        public string Name => "documentation:description";

        public ValueTask<GateResult> EvaluateAsync(GateContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(string.IsNullOrWhiteSpace(context.Candidate.Description)
                ? GateResult.Fail(Name, $"version {context.Candidate.Version} has no description")
                : GateResult.Pass(Name, "described"));
    }

    private sealed class GateReportComparer : IEqualityComparer<GateReport?>
    {
        public static readonly GateReportComparer Instance = new();

        public bool Equals(GateReport? x, GateReport? y) =>
            x is not null && y is not null && x.Version == y.Version && x.EvaluatedAt == y.EvaluatedAt && x.EvaluatedBy == y.EvaluatedBy
            && x.Results.Select(r => (r.Gate, r.Passed, r.Reason)).SequenceEqual(y.Results.Select(r => (r.Gate, r.Passed, r.Reason)));

        public int GetHashCode(GateReport? obj) => obj?.Version ?? 0;
    }
}
