using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.Governance.Gates;
using ModelOps.Sdk.Governance.Policies;
using ModelOps.Sdk.Security;

namespace ModelOps.Sdk.Governance.Tests.Policies;

/// <summary>
/// Policies stored in the registry: "change policy" authorized and audited, every revision kept with its reason, the precedence
/// over configured policies, and evaluation and approval following a stored change on every instance sharing the registry.
/// </summary>
public sealed class StoredPolicyTests : IDisposable
{
    private const string Model = GovernanceHost.Model;
    private const string Admin = "model-admin";
    private const string Approver = "model-approver";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "modelops-policies-" + Guid.NewGuid().ToString("N"));

    private static readonly PromotionPolicyDocument Strict = PromotionPolicyDocument.FromJson("""
        {
          "requiredApprovals": 2,
          "gates": [ { "type": "metric-threshold", "metric": "auc", "minimum": 0.9 } ]
        }
        """);

    private static GovernanceHost CreateWithConfiguredDefault(Action<IModelOpsBuilder>? build = null) => GovernanceHost.Create(
        o => o.DefaultPolicy.Gates.Add(new MetricThresholdGate("auc", minimum: 0.80)),
        build);

    [Fact]
    public async Task SetPolicy_WithoutTheChangePolicyRole_IsRefusedTypedAuditedAndStoresNothing()
    {
        await using var host = CreateWithConfiguredDefault();
        await host.RegisterAsync(auc: 0.85);

        var refused = await Assert.ThrowsAsync<GovernanceRefusalException>(
            () => host.As("eve", Approver, "model-deployer").Governance.SetPolicyAsync(Model, Strict, "tighten the AUC floor"));

        Assert.Equal(GovernanceRefusalException.Rules.Authorization, refused.Rule);
        Assert.Equal(RegistryOperationKind.AttachDocument, refused.Operation);
        Assert.Equal(Admin, refused.RequiredRole);
        Assert.Contains("eve may not change the promotion policy of model 'credit'", refused.Message, StringComparison.Ordinal);
        var entry = await host.LastAuditEntryAsync();
        var details = JsonSerializer.Deserialize<Dictionary<string, string>>(entry.After!)!;
        Assert.Equal(("operation.refused", "eve", "tighten the AUC floor"), (entry.Operation, entry.Actor, details["requestReason"]));
        Assert.Equal(("authorization", DocumentKinds.PromotionPolicy), (details["rule"], details["documentKind"]));
        Assert.Empty(await host.Registry.ListDocumentsAsync(Model, null, DocumentKinds.PromotionPolicy));
        Assert.Equal(PromotionPolicySource.ConfiguredDefaultPolicy, (await host.Governance.GetPolicyAsync(Model)).Source);
    }

    [Fact]
    public async Task SetDefaultPolicy_WithoutTheRole_IsRefusedAndAuditedInTheRegistryChain()
    {
        await using var host = CreateWithConfiguredDefault();

        var refused = await Assert.ThrowsAsync<GovernanceRefusalException>(
            () => host.As("eve", Approver).Governance.SetPolicyAsync(null, Strict, "tighten every model"));

        Assert.Contains("eve may not change the registry-wide default promotion policy of the registry", refused.Message, StringComparison.Ordinal);
        var entry = (await host.Registry.ReadAuditLogAsync(Audit.AuditScopes.Registry))[^1];
        Assert.Equal(("operation.refused", "eve"), (entry.Operation, entry.Actor));
        Assert.Empty(await host.Registry.ListDocumentsAsync(null, null, DocumentKinds.PromotionPolicy));
    }

    [Fact]
    public async Task SetPolicy_ByAnAdmin_KeepsEveryRevisionWithWhoAndWhy()
    {
        await using var host = CreateWithConfiguredDefault();
        await host.RegisterAsync(auc: 0.85);
        var lenient = new PromotionPolicyDocument { RequiredApprovals = 1, Gates = [new GateSpecification("metric-threshold").With("metric", "auc").With("minimum", 0.7)] };

        var first = await host.As("ada", Admin).Governance.SetPolicyAsync(Model, lenient, "CR-101: start lenient");
        var second = await host.As("ben", "risk-officer", Admin).Governance.SetPolicyAsync(Model, Strict, "CR-102: regulator asked for 0.9");
        var history = await host.Governance.GetPolicyHistoryAsync(Model);
        var effective = await host.Governance.GetPolicyAsync(Model);

        Assert.Equal((1, 2), (first.StoredRevision!.Revision, second.StoredRevision!.Revision));
        Assert.Equal([1, 2], history.Select(h => h.Document.Revision));
        Assert.Equal(["ada", "ben"], history.Select(h => h.Document.AttachedBy));
        Assert.Equal(["CR-101: start lenient", "CR-102: regulator asked for 0.9"], history.Select(h => h.Reason));
        Assert.Equal([lenient.ToJson(), Strict.ToJson()], history.Select(h => h.Policy.ToJson()));
        Assert.Equal(PromotionPolicySource.StoredModelPolicy, effective.Source);
        Assert.Equal(second.StoredRevision.Sha256, effective.StoredRevision!.Sha256);
        Assert.Equal(2, effective.Policy.RequiredApprovals);
        Assert.Equal(["metric:auc"], effective.Policy.Gates.Select(g => g.Name));
        var attached = (await host.Registry.ReadAuditLogAsync(Model)).Where(e => e.Operation == "document.attached").ToArray();
        Assert.Equal(["CR-101: start lenient", "CR-102: regulator asked for 0.9"], attached.Select(e => e.Reason));
    }

    [Fact]
    public async Task StricterStoredPolicy_FailsAVersionThatPassesTheConfiguredOne_AndRefusesItsApproval()
    {
        await using var host = CreateWithConfiguredDefault();
        var v1 = await host.RegisterAsync(auc: 0.85);
        var underConfigured = await host.As("bob").Governance.EvaluateGatesAsync(Model, v1.Version);

        var stored = await host.As("ada", Admin).Governance.SetPolicyAsync(Model, Strict, "raise the AUC floor to 0.9");
        var underStored = await host.As("bob").Governance.EvaluateGatesAsync(Model, v1.Version);
        var refused = await Assert.ThrowsAsync<GovernanceRefusalException>(
            () => host.As("alice", Approver).Governance.ApproveAsync(Model, v1.Version, "looks fine to me"));

        Assert.True(underConfigured.Passed);
        Assert.Equal(PromotionPolicySource.ConfiguredDefaultPolicy, underConfigured.PolicySource);
        Assert.False(underStored.Passed);
        var failure = Assert.Single(underStored.Failures);
        Assert.Equal("metric:auc", failure.Gate);
        Assert.Contains("below the minimum 0.9", failure.Reason, StringComparison.Ordinal);
        Assert.Equal((PromotionPolicySource.StoredModelPolicy, stored.StoredRevision!.Sha256), (underStored.PolicySource, underStored.PolicySha256));
        Assert.Equal(GovernanceRefusalException.Rules.Gates, refused.Rule);
        Assert.Equal(ModelVersionStatus.PendingApproval, (await host.Registry.GetVersionAsync(Model, v1.Version)).Status);
        Assert.Empty(await host.Registry.ListDocumentsAsync(Model, v1.Version, DocumentKinds.Approval));
    }

    [Fact]
    public async Task StoredPolicy_TakesEffectOnAnotherInstanceSharingTheRegistry_WithoutRestartingIt()
    {
        var store = Path.Combine(_root, "shared");
        await using var evaluator = CreateWithConfiguredDefault(b => b.UseFileSystem(store));
        await using var administrator = CreateWithConfiguredDefault(b => b.UseFileSystem(store));
        var v1 = await evaluator.RegisterAsync(auc: 0.85);
        var before = await evaluator.As("bob").Governance.EvaluateGatesAsync(Model, v1.Version);

        await administrator.As("ada", Admin).Governance.SetPolicyAsync(Model, Strict, "raise the AUC floor to 0.9");

        // The evaluator sees the change as it sees any other instance's change: within the registry's change poll interval.
        var pollInterval = evaluator.Services.GetRequiredService<IOptions<ModelOpsOptions>>().Value.ChangePollInterval;
        ((FakeTimeProvider)evaluator.Services.GetRequiredService<TimeProvider>()).Advance(pollInterval + TimeSpan.FromMilliseconds(1));
        var after = await evaluator.As("bob").Governance.EvaluateGatesAsync(Model, v1.Version);

        Assert.True(before.Passed);
        Assert.False(after.Passed);
        Assert.Equal(PromotionPolicySource.StoredModelPolicy, after.PolicySource);
    }

    [Fact]
    public async Task StoredDefault_AppliesToAModelWithoutItsOwnPolicy_NotToOneConfiguredForIt_AndTheGuardCountsItsApprovals()
    {
        await using var host = GovernanceHost.Create(o =>
        {
            var scoring = new PromotionPolicy { RequiredApprovals = 1 };
            scoring.Gates.Add(new MetricThresholdGate("auc", minimum: 0.5));
            o.Policies["scoring"] = scoring;
        });
        var v1 = await host.RegisterAsync(auc: 0.95);
        await host.As("rita").Registry.RegisterAsync(new ModelVersionRegistration
        {
            ModelName = "scoring",
            Flavor = "custom",
            Artifact = new MemoryStream(Guid.NewGuid().ToByteArray()),
            Metrics = new Dictionary<string, double> { ["auc"] = 0.6 },
        });

        await host.As("ada", Admin).Governance.SetPolicyAsync(null, Strict, "every model needs two approvers and AUC 0.9");
        var credit = await host.Governance.GetPolicyAsync(Model);
        var scoringPolicy = await host.Governance.GetPolicyAsync("scoring");
        var defaultPolicy = await host.Governance.GetPolicyAsync(null);
        var outcome = await host.As("alice", Approver).Governance.ApproveAsync(Model, v1.Version, "reviewed");
        var early = await Assert.ThrowsAsync<GovernanceRefusalException>(
            () => host.As("alice", Approver).Registry.TransitionAsync(Model, v1.Version, ModelVersionStatus.Approved, "one approval should do"));

        Assert.Equal(PromotionPolicySource.StoredDefaultPolicy, credit.Source);
        Assert.Null(credit.StoredRevision!.ModelName);
        Assert.Equal(PromotionPolicySource.ConfiguredModelPolicy, scoringPolicy.Source);
        Assert.Equal(PromotionPolicySource.StoredDefaultPolicy, defaultPolicy.Source);
        Assert.False(outcome.IsApproved);
        Assert.Equal(2, outcome.RequiredApprovals);
        Assert.Equal(GovernanceRefusalException.Rules.Approvals, early.Rule);
        Assert.Contains("its policy requires 2", early.Message, StringComparison.Ordinal);
        Assert.True((await host.As("bob", Approver).Governance.ApproveAsync(Model, v1.Version)).IsApproved);
    }

    [Fact]
    public async Task StoredModelPolicy_TakesPrecedenceOverTheModelsConfiguredPolicy()
    {
        await using var host = GovernanceHost.Create(o => o.Policies[Model] = new PromotionPolicy { RequiredApprovals = 3 });
        await host.RegisterAsync(auc: 0.95);
        var configured = await host.Governance.GetPolicyAsync(Model);

        await host.As("ada", Admin).Governance.SetPolicyAsync(null, new PromotionPolicyDocument { RequiredApprovals = 0 }, "default: no approvals");
        var withStoredDefault = await host.Governance.GetPolicyAsync(Model);
        await host.As("ada", Admin).Governance.SetPolicyAsync(Model, Strict, "credit: two approvals");
        var withStoredModel = await host.Governance.GetPolicyAsync(Model);

        Assert.Equal((PromotionPolicySource.ConfiguredModelPolicy, 3), (configured.Source, configured.Policy.RequiredApprovals));
        Assert.Equal((PromotionPolicySource.ConfiguredModelPolicy, 3), (withStoredDefault.Source, withStoredDefault.Policy.RequiredApprovals));
        Assert.Equal((PromotionPolicySource.StoredModelPolicy, 2), (withStoredModel.Source, withStoredModel.Policy.RequiredApprovals));
    }

    [Fact]
    public async Task SetPolicy_InvalidDocument_IsRefusedNamingEveryGateAndFieldAndStoresNothing()
    {
        await using var host = CreateWithConfiguredDefault();
        await host.RegisterAsync(auc: 0.85);
        var document = PromotionPolicyDocument.FromJson("""
            {
              "requiredApprovals": -1,
              "gates": [
                { "type": "metric-threshold", "minimum": 0.8 },
                { "type": "vibes-check" },
                { "type": "fairness", "attributes": [ "gender" ], "minimumDemographicParityRatio": 1.5 },
                { "type": "data-quality", "maximumBadRowShare": "a lot" },
                { "type": "onnx-parity", "tolerance": 1e-5, "tolerence": 1e-3 },
                { "Type": "Metric_Threshold_Gate", "Metric": "auc", "Minimum": "0.8" },
                { "type": "metric-threshold", "metric": "auc", "maximum": 1 }
              ]
            }
            """);

        var invalid = await Assert.ThrowsAsync<InvalidPromotionPolicyException>(
            () => host.As("ada", Admin).Governance.SetPolicyAsync(Model, document, "broken on purpose"));

        Assert.Equal(Model, invalid.ModelName);
        Assert.Equal(
            ["requiredApprovals", "gates[0].metric", "gates[1].type", "gates[2].minimumDemographicParityRatio", "gates[3].maximumBadRowShare", "gates[4].tolerence", "gates[6]"],
            invalid.Errors.Select(e => e.Path));
        Assert.Equal([null, "metric-threshold", "vibes-check", "fairness", "data-quality", "onnx-parity", "metric-threshold"], invalid.Errors.Select(e => e.GateType));
        Assert.Contains("'maximumBadRowShare' is \"a lot\", which is not a number", invalid.Message, StringComparison.Ordinal);
        Assert.Contains("'vibes-check' is not a known gate type; expected one of metric-threshold, champion-comparison", invalid.Message, StringComparison.Ordinal);
        Assert.Contains("'metric:auc' is already used by gates[5]", invalid.Message, StringComparison.Ordinal);
        Assert.Contains("is not a parameter of gate type 'onnx-parity' (it takes tolerance)", invalid.Message, StringComparison.Ordinal);
        Assert.Empty(await host.Registry.ListDocumentsAsync(Model, null, DocumentKinds.PromotionPolicy));
        Assert.DoesNotContain(await host.Registry.ReadAuditLogAsync(Model), e => e.Operation == "document.attached");
        Assert.Equal(PromotionPolicySource.ConfiguredDefaultPolicy, (await host.Governance.GetPolicyAsync(Model)).Source);
    }

    [Theory]
    [InlineData("""{ "requiredApprovals": "two" }""", "requiredApprovals")]
    [InlineData("""{ "gates": [ { "type": "reference-profile" } ], "gatez": [] }""", "gatez")]
    [InlineData("""{ "gates": [ 42 ] }""", "gates[0]")]
    [InlineData("""{ "gates": [ { "type": "fairness", "Attributes": [], "attributes": [] } ] }""", "gates[0]")]
    public void FromJson_NotAPolicy_ThrowsNamingThePath(string json, string path)
    {
        var invalid = Assert.Throws<InvalidPromotionPolicyException>(() => PromotionPolicyDocument.FromJson(json));

        var error = Assert.Single(invalid.Errors);
        Assert.StartsWith(path, error.Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetPolicy_WithoutAReason_IsRefusedAndStoresNothing()
    {
        await using var host = CreateWithConfiguredDefault();
        await host.RegisterAsync(auc: 0.85);

        var invalid = await Assert.ThrowsAsync<InvalidRegistrationException>(() => host.As("ada", Admin).Governance.SetPolicyAsync(Model, Strict, " "));

        Assert.Equal("reason", invalid.Field);
        Assert.Empty(await host.Registry.ListDocumentsAsync(Model, null, DocumentKinds.PromotionPolicy));
    }

    [Fact]
    public async Task AttachingAPolicyDocumentDirectly_EvenAsAdmin_IsRefusedAtModelAndVersionLevel()
    {
        await using var host = CreateWithConfiguredDefault();
        var v1 = await host.RegisterAsync(auc: 0.85);
        DocumentAttachment Attachment(int? version) => new()
        {
            ModelName = Model,
            Version = version,
            Kind = DocumentKinds.PromotionPolicy,
            Name = "promotion-policy.json",
            Content = """{ "requiredApprovals": 0, "gates": [ { "type": "no-such-gate" } ] }"""u8.ToArray(),
            Reason = "bypass validation",
        };

        var direct = await Assert.ThrowsAsync<GovernanceRefusalException>(() => host.As("ada", Admin).Registry.AttachDocumentAsync(Attachment(null)));
        var versionLevel = await Assert.ThrowsAsync<GovernanceRefusalException>(() => host.Registry.AttachDocumentAsync(Attachment(v1.Version)));

        Assert.Equal(GovernanceRefusalException.Rules.PolicyDocument, direct.Rule);
        Assert.Contains("SetPolicyAsync", direct.Message, StringComparison.Ordinal);
        Assert.Equal(GovernanceRefusalException.Rules.PolicyDocument, versionLevel.Rule);
        Assert.Contains("not to version 1", versionLevel.Message, StringComparison.Ordinal);
        Assert.Equal("operation.refused", (await host.LastAuditEntryAsync()).Operation);
        Assert.Empty(await host.Registry.ListDocumentsAsync(Model, null, DocumentKinds.PromotionPolicy));
        Assert.Empty(await host.Registry.ListDocumentsAsync(Model, v1.Version, DocumentKinds.PromotionPolicy));
    }

    [Fact]
    public async Task ChangePolicyRole_CanBeSetApartFromAdministrators()
    {
        await using var host = GovernanceHost.Create(o => o.Roles.ChangePolicy = "model-risk");
        await host.RegisterAsync(auc: 0.85);

        var admin = await Assert.ThrowsAsync<GovernanceRefusalException>(() => host.As("ada", Admin).Governance.SetPolicyAsync(Model, Strict, "as admin"));
        var stored = await host.As("rick", "model-risk").Governance.SetPolicyAsync(Model, Strict, "as the risk function");

        Assert.Equal("model-risk", admin.RequiredRole);
        Assert.Equal("rick", stored.StoredRevision!.AttachedBy);
    }

    [Fact]
    public async Task DiRegisteredGates_StillRunAfterTheStoredPolicysGates()
    {
        await using var host = CreateWithConfiguredDefault(b => b.AddPromotionGate<DescriptionRequiredGate>());
        var v1 = await host.RegisterAsync(auc: 0.95);

        await host.As("ada", Admin).Governance.SetPolicyAsync(Model, Strict, "raise the AUC floor to 0.9");
        var report = await host.As("bob").Governance.EvaluateGatesAsync(Model, v1.Version);

        Assert.Equal(["metric:auc", "documentation:description"], report.Results.Select(r => r.Gate));
        Assert.Equal("documentation:description", Assert.Single(report.Failures).Gate);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private sealed class DescriptionRequiredGate : IPromotionGate
    {
        public string Name => "documentation:description";

        public ValueTask<GateResult> EvaluateAsync(GateContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(string.IsNullOrWhiteSpace(context.Candidate.Description)
                ? GateResult.Fail(Name, $"version {context.Candidate.Version} has no description")
                : GateResult.Pass(Name, "described"));
    }
}
