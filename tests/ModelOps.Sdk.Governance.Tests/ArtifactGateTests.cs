using System.Text;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.Governance.Gates;
using ModelOps.Sdk.Governance.Policies;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Governance.Tests;

/// <summary>
/// The "artifact loads and its input example scores" gates (issue 14, item 11): a version whose artifact does not load, or whose
/// input example does not score, cannot be approved, not even after an administrator overrides the failed gate.
/// </summary>
public sealed class ArtifactGateTests
{
    private const string Model = GovernanceHost.Model;

    [Fact]
    public async Task ArtifactLoads_StoredPolicy_AnUnloadableVersionFailsAndCannotBeApprovedEvenWithAnOverride()
    {
        await using var host = GovernanceHost.Create(build: b => b.AddFlavor<ScaleFlavor>());
        await host.RegisterAsync(auc: 0.9);
        await host.As("ada", "model-admin").Governance.SetPolicyAsync(Model, new PromotionPolicyDocument(gates: [new GateSpecification(BuiltInGateTypes.ArtifactLoads)]), "CR-11");
        var broken = await RegisterScaleAsync(host, "scale=two");
        var sound = await RegisterScaleAsync(host, "scale=2");

        var failed = await host.As("alice", "model-approver").Governance.EvaluateGatesAsync(Model, broken);
        await host.As("ada", "model-admin").Governance.OverrideGateAsync(Model, broken, ArtifactLoadsGate.GateName, "ship it anyway");
        var refused = await Assert.ThrowsAsync<GovernanceRefusalException>(() => host.As("alice", "model-approver").Governance.ApproveAsync(Model, broken));
        var approved = await host.As("alice", "model-approver").Governance.ApproveAsync(Model, sound);

        var result = Assert.Single(failed.Results);
        Assert.Equal((ArtifactLoadsGate.GateName, false), (result.Gate, result.Passed));
        Assert.Contains("'two' is not a number", result.Reason, StringComparison.Ordinal);
        Assert.Equal(GovernanceRefusalException.Rules.Gates, refused.Rule);
        Assert.Equal(ModelVersionStatus.PendingApproval, (await host.Registry.GetVersionAsync(Model, broken)).Status);
        Assert.True(approved.IsApproved);
    }

    [Fact]
    public async Task InputExample_ConfiguredPolicy_AnExampleThatDoesNotScoreFails()
    {
        await using var host = GovernanceHost.Create(build: b => b.AddFlavor<ScaleFlavor>());
        var loader = host.Services.GetRequiredService<IModelScorerFactory>();
        host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<GovernanceOptions>>().Value.DefaultPolicy.Gates.Add(new InputExampleGate<Point, Scaled>(loader));
        var scores = await RegisterScaleAsync(host, "scale=2", """{ "x": 1.5 }""");
        var unreadable = await RegisterScaleAsync(host, "scale=2", """{ "x": "far" }""");
        var missing = await RegisterScaleAsync(host, "scale=2", null);

        var reports = new List<GateReport>();
        foreach (var version in new[] { scores, unreadable, missing })
        {
            reports.Add(await host.As("alice", "model-approver").Governance.EvaluateGatesAsync(Model, version));
        }

        Assert.Equal([true, false, false], reports.Select(r => r.Passed));
        Assert.Contains("does not score as Point", reports[1].Results[0].Reason, StringComparison.Ordinal);
        Assert.Contains("no registered input example", reports[2].Results[0].Reason, StringComparison.Ordinal);
    }

    private static async Task<int> RegisterScaleAsync(GovernanceHost host, string artifact, string? example = """{ "x": 1 }""") =>
        (await host.As("rita").Registry.RegisterAsync(new ModelVersionRegistration
        {
            ModelName = Model,
            Flavor = ScaleFlavor.FlavorName,
            Artifact = new MemoryStream(Encoding.UTF8.GetBytes(artifact)),
            InputExample = example,
            Metrics = new Dictionary<string, double> { ["auc"] = 0.9 },
        })).Version;

    public sealed class Point
    {
        public double X { get; set; }
    }

    public sealed class Scaled
    {
        public double Y { get; set; }
    }

    /// <summary>A flavor that inspects shallowly (as a flavor another process lacked would not inspect at all) and parses on load.</summary>
    private sealed class ScaleFlavor : IModelFlavor
    {
        public const string FlavorName = "scale";

        public string Name => FlavorName;

        public ValueTask<FlavorInspection> InspectAsync(ModelArtifact artifact, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(new FlavorInspection(ModelSignature.Empty));

        public ValueTask<ILoadedModel> LoadAsync(ModelArtifact artifact, CancellationToken cancellationToken = default)
        {
            var text = Encoding.UTF8.GetString(artifact.Content.Span);
            var value = text["scale=".Length..];
            return double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var scale)
                ? ValueTask.FromResult<ILoadedModel>(new Loaded(artifact.Version!, scale))
                : throw new InvalidModelArtifactException(artifact.ModelName, artifact.Version?.Version, FlavorName, "scale", $"'{value}' is not a number");
        }

        private sealed class Loaded(ModelVersion version, double scale) : ILoadedModel, IModelPredictor<Point, Scaled>
        {
            public ModelVersion Version => version;

            public IModelPredictor<TInput, TOutput> CreatePredictor<TInput, TOutput>()
                where TInput : class
                where TOutput : class =>
                this as IModelPredictor<TInput, TOutput> ?? throw new ModelSignatureMismatchException(version.ModelName, version.Version, "x", "expects Point and Scaled");

            public Scaled Predict(Point input) => new() { Y = input.X * scale };

            public void PredictBatch(ReadOnlySpan<Point> inputs, Span<Scaled> outputs)
            {
                for (var i = 0; i < inputs.Length; i++)
                {
                    outputs[i] = Predict(inputs[i]);
                }
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
