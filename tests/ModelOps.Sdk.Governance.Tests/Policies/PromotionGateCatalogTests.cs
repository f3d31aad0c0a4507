using ModelOps.Sdk.Governance.Gates;
using ModelOps.Sdk.Governance.ModelCards;
using ModelOps.Sdk.Governance.Policies;

namespace ModelOps.Sdk.Governance.Tests.Policies;

/// <summary>The catalog builds every built-in gate type from the documented JSON shape, and custom types added through DI.</summary>
public sealed class PromotionGateCatalogTests
{
    [Fact]
    public void CreatePolicy_DocumentedShape_BuildsEveryBuiltInGateWithItsParameters()
    {
        var document = PromotionPolicyDocument.FromJson("""
            {
              // the shape of docs/governance.md and of the tool's Governance configuration section
              "requiredApprovals": 2,
              "gates": [
                { "type": "metric-threshold", "metric": "auc", "minimum": 0.85, "maximum": 0.99 },
                { "type": "champion-comparison", "metric": "logloss", "higherIsBetter": false, "maximumDegradation": 0.02 },
                { "type": "signature-compatibility" },
                { "type": "onnx-parity", "tolerance": 1e-4 },
                { "type": "reference-profile" },
                { "type": "validation-drift", "maximumDriftedShare": 0.2, "allowPredictionDrift": true },
                { "type": "data-quality", "maximumBadRowShare": 0.05 },
                { "type": "fairness", "attributes": "gender, age_band", "minimumDemographicParityRatio": 0.75, "maximumEqualizedOddsDifference": null },
                { "type": "model-card", "fields": [ "intendedUse", "Owner" ] },
              ]
            }
            """);

        var policy = new PromotionGateCatalog().CreatePolicy(document);

        Assert.Equal(2, policy.RequiredApprovals);
        Assert.Equal(
            ["metric:auc", "champion:logloss", "signature", "portability:onnx-parity", "data:reference-profile", "data:validation-drift", "data:quality", "fairness", "documentation:model-card"],
            policy.Gates.Select(g => g.Name));
        var metric = Assert.IsType<MetricThresholdGate>(policy.Gates[0]);
        Assert.Equal((0.85, 0.99), (metric.Minimum, metric.Maximum));
        var champion = Assert.IsType<ChampionComparisonGate>(policy.Gates[1]);
        Assert.Equal((false, 0.02), (champion.HigherIsBetter, champion.MaximumDegradation));
        Assert.Equal(1e-4, Assert.IsType<OnnxParityGate>(policy.Gates[3]).Tolerance);
        var drift = Assert.IsType<ValidationDriftGate>(policy.Gates[5]);
        Assert.Equal((0.2, true), (drift.MaximumDriftedShare, drift.AllowPredictionDrift));
        Assert.Equal(0.05, Assert.IsType<DataQualityGate>(policy.Gates[6]).MaximumBadRowShare);
        var fairness = Assert.IsType<FairnessGate>(policy.Gates[7]);
        Assert.Equal(["gender", "age_band"], fairness.Attributes);
        Assert.Equal((0.75, (double?)null), (fairness.MinimumDemographicParityRatio, fairness.MaximumEqualizedOddsDifference));
        Assert.Equal([ModelCardField.IntendedUse, ModelCardField.Owner], Assert.IsType<ModelCardGate>(policy.Gates[8]).RequiredFields);
    }

    [Fact]
    public void CreatePolicy_Defaults_AreTheGatesOwnDefaults()
    {
        var document = PromotionPolicyDocument.FromJson("""
            { "gates": [ { "type": "fairness", "attributes": [ "gender" ] }, { "type": "champion-comparison", "metric": "auc" }, { "type": "model-card" } ] }
            """);

        var policy = new PromotionGateCatalog().CreatePolicy(document);

        Assert.Equal(1, policy.RequiredApprovals);
        var fairness = Assert.IsType<FairnessGate>(policy.Gates[0]);
        Assert.Equal((0.8, (double?)0.1), (fairness.MinimumDemographicParityRatio, fairness.MaximumEqualizedOddsDifference));
        var champion = Assert.IsType<ChampionComparisonGate>(policy.Gates[1]);
        Assert.Equal((true, 0.0), (champion.HigherIsBetter, champion.MaximumDegradation));
        Assert.Equal(4, Assert.IsType<ModelCardGate>(policy.Gates[2]).RequiredFields.Count);
    }

    [Fact]
    public void Catalog_CustomTypeReusingABuiltInName_IsRejected()
    {
        var clash = Assert.Throws<ArgumentException>(() => new PromotionGateCatalog([new PromotionGateType("MetricThreshold", _ => new SignatureCompatibilityGate())]));

        Assert.Contains("'MetricThreshold' is registered twice (or collides with 'metric-threshold')", clash.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CustomGateType_AddedThroughDI_IsBuiltFromAStoredPolicyAndEvaluated()
    {
        await using var host = GovernanceHost.Create(build: b => b.AddPromotionGateType("required-tag", p => new RequiredTagGate(p.GetString("tag"))));
        var v1 = await host.RegisterAsync(auc: 0.9);
        var document = PromotionPolicyDocument.FromJson("""{ "gates": [ { "type": "required-tag", "tag": "owner" } ] }""");

        var stored = await host.As("ada", "model-admin").Governance.SetPolicyAsync(GovernanceHost.Model, document, "every version names its owner");
        var failing = await host.As("bob").Governance.EvaluateGatesAsync(GovernanceHost.Model, v1.Version);
        await host.As("rita").Registry.UpdateTagsAsync(GovernanceHost.Model, v1.Version, new Dictionary<string, string?> { ["owner"] = "risk-team" });
        var passing = await host.As("bob").Governance.EvaluateGatesAsync(GovernanceHost.Model, v1.Version);
        var catalog = (PromotionGateCatalog)host.Services.GetService(typeof(PromotionGateCatalog))!;
        var typo = catalog.Validate(PromotionPolicyDocument.FromJson("""{ "gates": [ { "type": "RequiredTag", "tags": "owner" } ] }"""));
        var elsewhere = new PromotionGateCatalog().Validate(document);

        Assert.Equal(["tag:owner"], stored.Policy.Gates.Select(g => g.Name));
        Assert.Equal("version 1 has no tag 'owner'", Assert.Single(failing.Failures).Reason);
        Assert.True(passing.Passed);
        Assert.Contains("required-tag", catalog.TypeNames);
        Assert.Equal("gates[0].tag", Assert.Single(typo).Path);
        Assert.Equal("gates[0].type", Assert.Single(elsewhere).Path);
    }

    [Fact]
    public async Task StoredPolicyNamingATypeThisProcessLacks_IsReportedNotEvaluatedWithFewerGates()
    {
        var store = Path.Combine(Path.GetTempPath(), "modelops-policies-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var withType = GovernanceHost.Create(build: b => b.UseFileSystem(store).AddPromotionGateType("required-tag", p => new RequiredTagGate(p.GetString("tag"))));
            await using var without = GovernanceHost.Create(build: b => b.UseFileSystem(store));
            var v1 = await withType.RegisterAsync(auc: 0.9);
            await withType.As("ada", "model-admin").Governance.SetPolicyAsync(GovernanceHost.Model,
                PromotionPolicyDocument.FromJson("""{ "gates": [ { "type": "required-tag", "tag": "owner" } ] }"""), "owner tag required");

            var invalid = await Assert.ThrowsAsync<InvalidPromotionPolicyException>(() => without.As("bob").Governance.EvaluateGatesAsync(GovernanceHost.Model, v1.Version));

            Assert.Contains("stored promotion policy revision 1 of model 'credit'", invalid.Message, StringComparison.Ordinal);
            Assert.Equal("gates[0].type", Assert.Single(invalid.Errors).Path);
            Assert.Empty(await without.Registry.ListDocumentsAsync(GovernanceHost.Model, v1.Version, DocumentKinds.GateReport));
        }
        finally
        {
            Directory.Delete(store, recursive: true);
        }
    }

    /// <summary>A custom gate: the version must carry a tag.</summary>
    private sealed class RequiredTagGate(string tag) : IPromotionGate
    {
        public string Name => $"tag:{tag}";

        public ValueTask<GateResult> EvaluateAsync(GateContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(context.Candidate.Tags.ContainsKey(tag)
                ? GateResult.Pass(Name, $"tagged '{tag}'")
                : GateResult.Fail(Name, $"version {context.Candidate.Version} has no tag '{tag}'"));
    }
}
