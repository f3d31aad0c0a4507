using System.Text;
using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.Governance.Gates;
using ModelOps.Sdk.Governance.Policies;
using ModelOps.Sdk.Rules;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Governance.Tests;

/// <summary>
/// The stored gate "the artifact loads and its input example scores" (<c>input-example-scores</c>, issue 14 item 11): evaluated
/// from the stored policy with the process's flavors and no CLR types, and a failure cannot be overridden.
/// </summary>
public sealed class InputExampleScoresGateTests
{
    private const string Model = GovernanceHost.Model;

    private const string RuleSet = """
        {
          "formatVersion": 1,
          "hitPolicy": "FIRST",
          "inputs": [ { "name": "income", "type": "number" }, { "name": "country", "type": "string" } ],
          "outputs": [ { "name": "decision", "type": "string" } ],
          "rules": [ { "id": "r1", "when": { "income": { "op": ">=", "value": 1000 } }, "then": { "decision": "APPROVE" } } ],
          "default": { "decision": "DECLINE" }
        }
        """;

    [Fact]
    public async Task StoredPolicy_ExampleThatScores_PassesAndIsApproved()
    {
        await using var host = GovernanceHost.Create(build: b => b.AddRules().AddFlavor<TypedOnlyFlavor>());
        var version = await RegisterUnderPolicyAsync(host, RulesFlavor.FlavorName, RuleSet, """{ "income": 2500, "country": "FR" }""");

        var outcome = await host.As("alice", "model-approver").Governance.ApproveAsync(Model, version);

        var result = Assert.Single(outcome.GateReport.Results);
        Assert.Equal((InputExampleScoresGate.GateName, true), (result.Gate, result.Passed));
        Assert.Contains("outputs decision", result.Reason, StringComparison.Ordinal);
        Assert.True(outcome.IsApproved);
    }

    [Fact]
    public async Task StoredPolicy_ExampleThatDoesNotScore_IsRefusedWithTheFlavorsMessageEvenWithAnOverride()
    {
        await using var host = GovernanceHost.Create(build: b => b.AddRules().AddFlavor<TypedOnlyFlavor>());
        var version = await RegisterUnderPolicyAsync(host, RulesFlavor.FlavorName, RuleSet, """{ "income": "lots", "country": "FR" }""");
        await host.As("ada", "model-admin").Governance.OverrideGateAsync(Model, version, InputExampleScoresGate.GateName, "ship it anyway");

        var refused = await Assert.ThrowsAsync<GovernanceRefusalException>(() => host.As("alice", "model-approver").Governance.ApproveAsync(Model, version));
        var report = await host.As("alice", "model-approver").Governance.GetGateReportAsync(Model, version);

        Assert.Equal(GovernanceRefusalException.Rules.Gates, refused.Rule);
        Assert.Contains(InputExampleScoresGate.GateName, refused.Message, StringComparison.Ordinal);
        var result = Assert.Single(report!.Results);
        Assert.False(result.Passed);
        Assert.Null(result.OverriddenBy);
        Assert.Contains("does not score with flavor 'rules'", result.Reason, StringComparison.Ordinal);
        Assert.Contains("at field 'income': expected a number, found a string (\"lots\")", result.Reason, StringComparison.Ordinal);
        Assert.Equal(ModelVersionStatus.PendingApproval, (await host.Registry.GetVersionAsync(Model, version)).Status);
    }

    [Fact]
    public async Task StoredPolicy_NoInputExample_Fails()
    {
        await using var host = GovernanceHost.Create(build: b => b.AddRules().AddFlavor<TypedOnlyFlavor>());
        var version = await RegisterUnderPolicyAsync(host, RulesFlavor.FlavorName, RuleSet, example: null);

        var report = await host.As("alice", "model-approver").Governance.EvaluateGatesAsync(Model, version);

        Assert.False(report.Passed);
        Assert.Contains($"version {version} has no registered input example to score", Assert.Single(report.Results).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoredPolicy_FlavorNotLoadedInThisProcess_FailsBecauseTheArtifactDoesNotLoad()
    {
        await using var host = GovernanceHost.Create(build: b => b.AddRules().AddFlavor<TypedOnlyFlavor>());
        var version = await RegisterUnderPolicyAsync(host, "sklearn", "pickled bytes", """{ "income": 1 }""");

        var report = await host.As("alice", "model-approver").Governance.EvaluateGatesAsync(Model, version);

        Assert.False(report.Passed);
        Assert.Contains($"the artifact of version {version} does not load with flavor 'sklearn'", Assert.Single(report.Results).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoredPolicy_FlavorThatCannotScoreJson_FailsSayingSo()
    {
        await using var host = GovernanceHost.Create(build: b => b.AddRules().AddFlavor<TypedOnlyFlavor>());
        var version = await RegisterUnderPolicyAsync(host, TypedOnlyFlavor.FlavorName, "anything", """{ "x": 1 }""");

        var report = await host.As("alice", "model-approver").Governance.EvaluateGatesAsync(Model, version);

        Assert.False(report.Passed);
        Assert.Contains("does not implement IJsonScoringModel", Assert.Single(report.Results).Reason, StringComparison.Ordinal);
    }

    /// <summary>Registers the model's version, then stores the model's policy naming only the gate (a model's policy needs the model).</summary>
    private static async Task<int> RegisterUnderPolicyAsync(GovernanceHost host, string flavor, string artifact, string? example)
    {
        var version = await host.As("rita").Registry.RegisterAsync(new ModelVersionRegistration
        {
            ModelName = Model,
            Flavor = flavor,
            Artifact = new MemoryStream(Encoding.UTF8.GetBytes(artifact)),
            InputExample = example,
        });
        await host.As("ada", "model-admin").Governance.SetPolicyAsync(
            Model,
            new PromotionPolicyDocument(gates: [new GateSpecification(BuiltInGateTypes.InputExampleScores)]),
            "CR-11");
        return version.Version;
    }

    /// <summary>A custom flavor whose loaded model only creates typed predictors (it has not opted in to JSON scoring).</summary>
    private sealed class TypedOnlyFlavor : IModelFlavor
    {
        public const string FlavorName = "typed-only";

        public string Name => FlavorName;

        public ValueTask<FlavorInspection> InspectAsync(ModelArtifact artifact, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(new FlavorInspection(ModelSignature.Empty));

        public ValueTask<ILoadedModel> LoadAsync(ModelArtifact artifact, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<ILoadedModel>(new Loaded(artifact.Version!));

        private sealed class Loaded(ModelVersion version) : ILoadedModel
        {
            public ModelVersion Version => version;

            public IModelPredictor<TInput, TOutput> CreatePredictor<TInput, TOutput>()
                where TInput : class
                where TOutput : class =>
                throw new ModelSignatureMismatchException(version.ModelName, version.Version, "(input type)", "this test flavor scores nothing");

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
