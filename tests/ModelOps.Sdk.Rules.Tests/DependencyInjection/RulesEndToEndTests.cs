using System.Text;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Flavors;

namespace ModelOps.Sdk.Rules.Tests.DependencyInjection;

/// <summary>A rule set registered in the registry, read back and scored through the flavor resolved from dependency injection.</summary>
public sealed class RulesEndToEndTests
{
    private static readonly string Table = RuleSets.Credit("FIRST", """
        { "id": "minor", "when": { "age": { "op": "<", "value": 18 } }, "then": { "decision": "DECLINE", "limit": 0 } },
        { "id": "adult", "then": { "decision": "APPROVE", "limit": 2500 } }
        """);

    [Fact]
    public async Task RegisteredRuleSet_LoadsFromTheRegistryAndScores()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory().AddRules();
        await using var provider = services.BuildServiceProvider();
        var registry = provider.GetRequiredService<IModelRegistry>();

        ModelVersion version;
        using (var upload = new MemoryStream(Encoding.UTF8.GetBytes(Table)))
        {
            version = await registry.RegisterAsync(new ModelVersionRegistration { ModelName = "credit-rules", Flavor = RulesFlavor.FlavorName, Artifact = upload });
        }

        var flavor = provider.GetRequiredService<IEnumerable<IModelFlavor>>().Single(f => f.Name == RulesFlavor.FlavorName);
        using var content = new MemoryStream();
        await using (var artifactStream = await registry.OpenArtifactAsync("credit-rules", version.Version))
        {
            await artifactStream.CopyToAsync(content);
        }

        var artifact = new ModelArtifact(version.ModelName, version.Flavor, version.Artifact.Sha256, content.ToArray(), version: version);
        await using var loaded = await flavor.LoadAsync(artifact);
        var predictor = loaded.CreatePredictor<Applicant, Decision>();

        Assert.Same(version, loaded.Version);
        Assert.Equal("minor", predictor.Predict(new Applicant { Age = 15, Income = 10, Country = "FR" }).RuleId);
        var adult = predictor.Predict(new Applicant { Age = 40, Income = 10, Country = "FR" });
        Assert.Equal(("APPROVE", 2500L), (adult.Outcome, adult.Limit));
    }

    [Fact]
    public void AddRules_CalledTwice_RegistersTheFlavorOnce()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory().AddRules().AddRules();
        using var provider = services.BuildServiceProvider();

        var flavor = Assert.Single(provider.GetRequiredService<IEnumerable<IModelFlavor>>(), f => f.Name == RulesFlavor.FlavorName);
        Assert.IsType<RulesFlavor>(flavor);
    }
}
