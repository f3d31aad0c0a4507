using System.Text;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.Scoring;

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
    public async Task Register_RuleSetWithATypeError_IsRefusedAndNothingIsStored()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory().AddRules();
        await using var provider = services.BuildServiceProvider();
        var registry = provider.GetRequiredService<IModelRegistry>();
        var broken = RuleSets.Credit("FIRST", """{ "id": "r7", "when": { "income": { "op": ">", "value": "high" } }, "then": { "decision": "APPROVE", "limit": 1 } }""");

        using var upload = new MemoryStream(Encoding.UTF8.GetBytes(broken));
        var ex = await Assert.ThrowsAsync<InvalidModelArtifactException>(() =>
            registry.RegisterAsync(new ModelVersionRegistration { ModelName = "credit-rules", Flavor = RulesFlavor.FlavorName, Artifact = upload }));

        Assert.Equal("rule 'r7' field 'income'", ex.Part);
        Assert.Contains("type error", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await registry.ListModelsAsync());
    }

    [Fact]
    public async Task Register_RuleSetWithATypeErrorOnTheFileSystem_LeavesNoBlobOrStagedFile()
    {
        var root = Path.Combine(Path.GetTempPath(), "modelops-rules-" + Guid.NewGuid().ToString("N"));
        try
        {
            var services = new ServiceCollection();
            services.AddModelOps().UseFileSystem(root).AddRules();
            await using (var provider = services.BuildServiceProvider())
            {
                var registry = provider.GetRequiredService<IModelRegistry>();
                var broken = RuleSets.Credit("FIRST", """{ "id": "r7", "when": { "income": { "op": ">", "value": "high" } }, "then": { "decision": "APPROVE", "limit": 1 } }""");
                using var upload = new MemoryStream(Encoding.UTF8.GetBytes(broken));
                using var notes = new MemoryStream(Encoding.UTF8.GetBytes("notes that travel with the rule set"));

                await Assert.ThrowsAsync<InvalidModelArtifactException>(() => registry.RegisterAsync(new ModelVersionRegistration
                {
                    ModelName = "credit-rules",
                    Flavor = RulesFlavor.FlavorName,
                    Artifact = upload,
                    ExtraFiles = new Dictionary<string, Stream> { ["notes.txt"] = notes },
                }));

                Assert.Empty(await registry.ListModelsAsync());
            }

            Assert.Empty(FilesUnder(Path.Combine(root, "blobs")));
            Assert.Empty(FilesUnder(Path.Combine(root, "tmp")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task Register_RuleSet_StoresTheInspectedSignature()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory().AddRules();
        await using var provider = services.BuildServiceProvider();
        var registry = provider.GetRequiredService<IModelRegistry>();

        using var upload = new MemoryStream(Encoding.UTF8.GetBytes(Table));
        var version = await registry.RegisterAsync(new ModelVersionRegistration { ModelName = "credit-rules", Flavor = RulesFlavor.FlavorName, Artifact = upload });

        Assert.Equal(["income", "age", "country", "student"], version.Signature.Inputs.Select(f => f.Name));
        Assert.Equal(["string", "int64"], version.Signature.Outputs.Select(f => f.DataType));
    }

    [Fact]
    public async Task ScorerFactory_ScoresARuleSetByAliasAndFollowsTheAlias()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory().AddRules();
        await using var provider = services.BuildServiceProvider();
        var registry = provider.GetRequiredService<IModelRegistry>();
        var first = await RegisterAsync(registry, Table);
        var second = await RegisterAsync(registry, Table.Replace("2500", "4000", StringComparison.Ordinal));
        await registry.SetAliasAsync("credit-rules", "champion", first.Version, reason: "first table");

        await using var scorer = await provider.GetRequiredService<IModelScorerFactory>().CreateScorerAsync<Applicant, Decision>("credit-rules", "champion");
        var before = scorer.Score(new Applicant { Age = 40, Income = 10, Country = "FR" });
        await registry.MoveAliasAsync("credit-rules", "champion", second.Version, first.Version, reason: "raise limits");
        await scorer.ReloadAsync();
        var after = await scorer.ScoreAsync(new Applicant { Age = 40, Income = 10, Country = "FR" });

        Assert.Equal((2500L, first.Version), (before.Value.Limit, before.Model.Version));
        Assert.Equal((4000L, second.Version), (after.Value.Limit, after.Model.Version));
    }

    private static async Task<ModelVersion> RegisterAsync(IModelRegistry registry, string json)
    {
        using var upload = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return await registry.RegisterAsync(new ModelVersionRegistration { ModelName = "credit-rules", Flavor = RulesFlavor.FlavorName, Artifact = upload });
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

    private static string[] FilesUnder(string directory) =>
        Directory.Exists(directory) ? Directory.GetFiles(directory, "*", SearchOption.AllDirectories) : [];
}
