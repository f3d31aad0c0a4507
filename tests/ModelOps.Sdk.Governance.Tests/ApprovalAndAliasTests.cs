using System.Text.Json;
using ModelOps.Sdk.Governance.Gates;

namespace ModelOps.Sdk.Governance.Tests;

/// <summary>
/// Separation of duties, approvals, protected aliases, the emergency rollback and role-based authorization, through the
/// governance service and through the registry directly (which cannot skip them).
/// </summary>
public sealed class ApprovalAndAliasTests
{
    private const string Model = GovernanceHost.Model;

    private static GovernanceHost Create(int requiredApprovals = 1) => GovernanceHost.Create(o =>
    {
        o.DefaultPolicy.Gates.Add(new MetricThresholdGate("auc", minimum: 0.80));
        o.DefaultPolicy.RequiredApprovals = requiredApprovals;
    });

    [Fact]
    public async Task Approve_ByTheRegistrant_IsRefusedAsSeparationOfDutiesAndAudited()
    {
        await using var host = Create();
        var v1 = await host.RegisterAsync(auc: 0.9, registrant: "alice");

        var refused = await Assert.ThrowsAsync<GovernanceRefusalException>(
            () => host.As("alice", "model-approver").Governance.ApproveAsync(Model, v1.Version, "my own model"));

        Assert.Equal(GovernanceRefusalException.Rules.SeparationOfDuties, refused.Rule);
        Assert.Contains("alice registered version 1", refused.Message, StringComparison.Ordinal);
        var entry = await host.LastAuditEntryAsync();
        Assert.Equal(("operation.refused", "alice", 1), (entry.Operation, entry.Actor, entry.Version));
        Assert.Equal("separation-of-duties", JsonSerializer.Deserialize<Dictionary<string, string>>(entry.After!)!["rule"]);
        Assert.Equal(ModelVersionStatus.PendingApproval, (await host.Registry.GetVersionAsync(Model, v1.Version)).Status);
    }

    [Fact]
    public async Task Approve_TwoRequired_TheSameApproverTwiceCountsOnce_TheSecondPrincipalApprovesAndTheAuditNamesTheReport()
    {
        await using var host = Create(requiredApprovals: 2);
        var v1 = await host.RegisterAsync(auc: 0.9);

        var first = await host.As("alice", "model-approver").Governance.ApproveAsync(Model, v1.Version, "metrics reviewed");
        Assert.False(first.IsApproved);
        Assert.Equal(["alice"], first.Approvers);
        var again = await Assert.ThrowsAsync<GovernanceRefusalException>(() => host.Governance.ApproveAsync(Model, v1.Version));
        Assert.Equal(GovernanceRefusalException.Rules.SeparationOfDuties, again.Rule);

        var second = await host.As("bob", "model-approver").Governance.ApproveAsync(Model, v1.Version, "fairness reviewed");

        Assert.True(second.IsApproved);
        Assert.Equal(["alice", "bob"], second.Approvers);
        var reportDocument = (await host.Registry.ListDocumentsAsync(Model, v1.Version, DocumentKinds.GateReport)).MaxBy(d => d.Sequence)!;
        var approval = (await host.Registry.ReadAuditLogAsync(Model)).Last(e => e.Operation == "version.status-changed");
        Assert.Equal("bob", approval.Actor);
        Assert.Contains(reportDocument.Sha256, approval.Reason, StringComparison.Ordinal);
        Assert.Contains("approved by alice, bob", approval.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_AVersionThatFailsItsGates_IsRefusedWithTheReportAndStaysPending()
    {
        await using var host = Create();
        var v1 = await host.RegisterAsync(auc: 0.7);

        var refused = await Assert.ThrowsAsync<GovernanceRefusalException>(() => host.As("alice", "model-approver").Governance.ApproveAsync(Model, v1.Version));

        Assert.Equal(GovernanceRefusalException.Rules.Gates, refused.Rule);
        Assert.Equal("metric:auc", Assert.Single(refused.Report!.Failures).Gate);
        Assert.Contains("auc 0.7 is below the minimum 0.8", refused.Message, StringComparison.Ordinal);
        Assert.Equal(ModelVersionStatus.PendingApproval, (await host.Registry.GetVersionAsync(Model, v1.Version)).Status);
        Assert.Equal("operation.refused", (await host.LastAuditEntryAsync()).Operation);
        Assert.Empty(await host.Registry.ListDocumentsAsync(Model, v1.Version, DocumentKinds.Approval));
    }

    [Fact]
    public async Task Registry_CannotSkipGovernance_DirectApprovalAndHandMadeGateReportsAreRefused()
    {
        await using var host = Create();
        var v1 = await host.RegisterAsync(auc: 0.9);

        var notEvaluated = await Assert.ThrowsAsync<GovernanceRefusalException>(
            () => host.As("alice", "model-approver").Registry.TransitionAsync(Model, v1.Version, ModelVersionStatus.Approved));
        Assert.Equal(GovernanceRefusalException.Rules.Gates, notEvaluated.Rule);

        var forged = new GateReport { ModelName = Model, Version = 1, EvaluatedAt = DateTimeOffset.UnixEpoch, EvaluatedBy = "alice", Results = [] };
        var forgery = await Assert.ThrowsAsync<GovernanceRefusalException>(() => host.Registry.AttachDocumentAsync(new DocumentAttachment
        {
            ModelName = Model,
            Version = v1.Version,
            Kind = DocumentKinds.GateReport,
            Name = "gate-report.json",
            Content = JsonSerializer.SerializeToUtf8Bytes(forged),
        }));
        Assert.Equal(GovernanceRefusalException.Rules.GateReportWriter, forgery.Rule);

        // Gates evaluated and passed, but no approval recorded yet: still refused.
        await host.Governance.EvaluateGatesAsync(Model, v1.Version);
        var noApproval = await Assert.ThrowsAsync<GovernanceRefusalException>(
            () => host.Registry.TransitionAsync(Model, v1.Version, ModelVersionStatus.Approved));
        Assert.Equal(GovernanceRefusalException.Rules.Approvals, noApproval.Rule);
    }

    [Fact]
    public async Task ProtectedAlias_RefusedForAnUngatedVersion_AllowedOnceApproved_OtherAliasesAreFree()
    {
        await using var host = Create();
        var v1 = await host.RegisterAsync(auc: 0.9);

        var refused = await Assert.ThrowsAsync<GovernanceRefusalException>(
            () => host.As("dana", "model-deployer").Registry.SetAliasAsync(Model, "champion", v1.Version));
        Assert.Equal(GovernanceRefusalException.Rules.ProtectedAlias, refused.Rule);
        Assert.Contains("it is PendingApproval, not Approved", refused.Message, StringComparison.Ordinal);
        Assert.Equal(("operation.refused", "champion"), ((await host.LastAuditEntryAsync()).Operation, (await host.LastAuditEntryAsync()).Alias));
        Assert.Empty(await host.Registry.ListAliasesAsync(Model));

        await host.As("rita").Registry.SetAliasAsync(Model, "challenger", v1.Version);

        await host.As("alice", "model-approver").Governance.ApproveAsync(Model, v1.Version);
        Assert.Equal(v1.Version, (await host.As("dana", "model-deployer").Registry.SetAliasAsync(Model, "champion", v1.Version)).Version);
    }

    [Fact]
    public async Task EmergencyRollback_OfAProtectedAlias_IsAllowedToADeployerAndAuditedWithItsReason()
    {
        await using var host = Create();
        var v1 = await host.RegisterAsync(auc: 0.9);
        var v2 = await host.RegisterAsync(auc: 0.91);
        await host.MakeChampionAsync(v1.Version);
        await host.MakeChampionAsync(v2.Version);

        var notDeployer = await Assert.ThrowsAsync<GovernanceRefusalException>(
            () => host.As("rita").Registry.RollbackAliasAsync(Model, "champion", "I think v2 is broken"));
        Assert.Equal(("authorization", "model-deployer"), (notDeployer.Rule, notDeployer.RequiredRole));

        var rolledBack = await host.As("dana", "model-deployer").Registry.RollbackAliasAsync(Model, "champion", "INC-4711: approval rate fell to 3%");

        Assert.Equal(v1.Version, rolledBack.Version);
        var entry = await host.LastAuditEntryAsync();
        Assert.Equal(("alias.rolled-back", "dana", "INC-4711: approval rate fell to 3%"), (entry.Operation, entry.Actor, entry.Reason));
        Assert.True((await host.Registry.VerifyAuditLogAsync(Model)).IsValid);
    }

    [Fact]
    public async Task Authorization_EachOperationNeedsItsRole_AndRefusalsNameThePrincipalAndTheRole()
    {
        await using var host = Create();
        var v1 = await host.RegisterAsync(auc: 0.9);

        var approve = await Assert.ThrowsAsync<GovernanceRefusalException>(() => host.As("eve").Governance.ApproveAsync(Model, v1.Version));
        var reject = await Assert.ThrowsAsync<GovernanceRefusalException>(() => host.As("eve", "model-deployer").Governance.RejectAsync(Model, v1.Version, "no"));
        var archive = await Assert.ThrowsAsync<GovernanceRefusalException>(
            () => host.As("eve", "model-approver").Registry.TransitionAsync(Model, v1.Version, ModelVersionStatus.Archived));

        Assert.Equal("model-approver", approve.RequiredRole);
        Assert.Contains("eve may not approve version 1 of model 'credit'", approve.Message, StringComparison.Ordinal);
        Assert.Equal("model-approver", reject.RequiredRole);
        Assert.Equal("model-admin", archive.RequiredRole);
        Assert.All([approve, reject, archive], r => Assert.Equal(GovernanceRefusalException.Rules.Authorization, r.Rule));

        var rejected = await host.As("alice", "model-approver").Governance.RejectAsync(Model, v1.Version, "AUC measured on leaked data");
        Assert.Equal(ModelVersionStatus.Rejected, rejected.Status);
    }

    [Fact]
    public async Task Authorization_RoleChecksOff_StillEnforcesSeparationOfDutiesGatesAndProtectedAliases()
    {
        await using var host = GovernanceHost.Create(o =>
        {
            o.EnforceRoles = false;
            o.DefaultPolicy.Gates.Add(new MetricThresholdGate("auc", minimum: 0.80));
        });
        var v1 = await host.RegisterAsync(auc: 0.9, registrant: "rita");

        await Assert.ThrowsAsync<GovernanceRefusalException>(() => host.As("rita").Governance.ApproveAsync(Model, v1.Version));
        await Assert.ThrowsAsync<GovernanceRefusalException>(() => host.As("anyone").Registry.SetAliasAsync(Model, "champion", v1.Version));
        Assert.True((await host.As("sam").Governance.ApproveAsync(Model, v1.Version)).IsApproved);
        Assert.Equal(1, (await host.As("anyone").Registry.SetAliasAsync(Model, "champion", v1.Version)).Version);
    }
}
