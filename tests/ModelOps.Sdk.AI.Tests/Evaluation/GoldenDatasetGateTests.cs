using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.AI.Evaluation;
using ModelOps.Sdk.AI.Tests.Scoring;
using ModelOps.Sdk.Governance;
using ModelOps.Sdk.Governance.Policies;
using ModelOps.Sdk.Security;

namespace ModelOps.Sdk.AI.Tests.Evaluation;

/// <summary>
/// A promotion policy requires the <c>golden-dataset</c> gate with a minimum pass rate: the dataset runs through the chat client
/// and a version below the rate cannot be approved.
/// </summary>
public sealed class GoldenDatasetGateTests
{
    [Fact]
    public async Task StoredPolicy_VersionPassingEveryCase_IsApprovedAndTheReportCarriesThePassRate()
    {
        await using var host = CreateGovernedHost(PromptHost.Recordings(), out var actor);
        actor.As("rita");
        await host.RegisterAsync(PromptHost.Example("ticket-triage.json"), PromptHost.Example("golden-dataset.json"));
        await RequireGoldenDatasetAsync(host, actor, minimumPassRate: 1.0);

        var report = await host.Services.GetRequiredService<IGovernanceService>().EvaluateGatesAsync(PromptHost.Model, 1);
        var outcome = await GovernanceAs(host, actor, "alice", "model-approver").ApproveAsync(PromptHost.Model, 1, "golden set passes");

        var result = Assert.Single(report.Results);
        Assert.Equal((GoldenDatasetGate.GateType, true), (result.Gate, result.Passed));
        Assert.Equal((1.0, 2.0, 2.0), (result.Figures["passRate"], result.Figures["passed"], result.Figures["cases"]));
        Assert.Equal("passRate >= 1", result.Threshold);
        Assert.True(outcome.IsApproved);
    }

    [Fact]
    public async Task StoredPolicy_VersionBelowTheMinimumPassRate_FailsNamingTheCaseAndCannotBeApproved()
    {
        // The late parcel is answered with urgency 5, which its json-schema check (maximum 3) refuses: 1 of 2 cases pass.
        var client = PromptHost.Recordings().Record(
            PromptScoringTests.Request("Acme Pay", "My parcel is a week late."),
            PromptScoringTests.Answer("""{"category":"delivery","urgency":5,"summary":"Parcel late"}"""));
        await using var host = CreateGovernedHost(client, out var actor);
        actor.As("rita");
        await host.RegisterAsync(PromptHost.Example("ticket-triage.json"), PromptHost.Example("golden-dataset.json"));
        await RequireGoldenDatasetAsync(host, actor, minimumPassRate: 0.75);

        var report = await GovernanceAs(host, actor, "alice", "model-approver").EvaluateGatesAsync(PromptHost.Model, 1);
        var refused = await Assert.ThrowsAsync<GovernanceRefusalException>(() => GovernanceAs(host, actor, "alice", "model-approver").ApproveAsync(PromptHost.Model, 1));

        var result = Assert.Single(report.Results);
        Assert.False(result.Passed);
        Assert.Equal(0.5, result.Figures["passRate"]);
        Assert.Contains("'late-parcel': '/urgency' is not valid against the check's schema", result.Reason, StringComparison.Ordinal);
        Assert.Equal(GovernanceRefusalException.Rules.Gates, refused.Rule);
        Assert.Equal(ModelVersionStatus.PendingApproval, (await host.Registry.GetVersionAsync(PromptHost.Model, 1)).Status);
    }

    [Fact]
    public async Task Gate_VersionWithoutADataset_Fails()
    {
        await using var host = CreateGovernedHost(PromptHost.Recordings(), out var actor);
        actor.As("rita");
        await host.RegisterAsync(PromptHost.Example("ticket-triage.json"));
        await RequireGoldenDatasetAsync(host, actor, minimumPassRate: 0.5);

        var report = await GovernanceAs(host, actor, "alice", "model-approver").EvaluateGatesAsync(PromptHost.Model, 1);

        Assert.Contains("has no golden dataset", Assert.Single(report.Results).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Policy_MinimumPassRateOutOfRange_IsRefusedWhenTheGateIsBuilt()
    {
        await using var host = CreateGovernedHost(PromptHost.Recordings(), out var actor);

        await Assert.ThrowsAsync<InvalidPromotionPolicyException>(() => RequireGoldenDatasetAsync(host, actor, minimumPassRate: 1.5));
    }

    private static PromptHost CreateGovernedHost(IChatClient client, out SwitchableActor actor)
    {
        var host = PromptHost.Create(client, b => b.UseActorAccessor<SwitchableActor>().AddGovernance());
        actor = (SwitchableActor)host.Services.GetRequiredService<IActorAccessor>();
        return host;
    }

    private static Task RequireGoldenDatasetAsync(PromptHost host, SwitchableActor actor, double minimumPassRate)
    {
        actor.As("ada", "model-admin");
        var gate = new GateSpecification(GoldenDatasetGate.GateType).With("minimumPassRate", minimumPassRate);
        return host.Services.GetRequiredService<IGovernanceService>().SetPolicyAsync(PromptHost.Model, new PromotionPolicyDocument(gates: [gate]), "CR-20");
    }

    private static IGovernanceService GovernanceAs(PromptHost host, SwitchableActor actor, string name, params string[] roles)
    {
        actor.As(name, roles);
        return host.Services.GetRequiredService<IGovernanceService>();
    }
}
