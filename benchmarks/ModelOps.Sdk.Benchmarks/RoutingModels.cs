using System.Text;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Routing;
using ModelOps.Sdk.Routing.Experiments;
using ModelOps.Sdk.Rules;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Benchmarks;

/// <summary>
/// The container the routing benchmarks share: an in-memory registry with a three-rule <c>FIRST</c> table registered twice
/// (versions 1 and 2, aliases <c>champion</c> and <c>challenger</c>), so the model itself costs a few nanoseconds and the routing
/// overhead shows plainly.
/// </summary>
internal sealed class RoutingModels : IAsyncDisposable
{
    public const string Model = "credit-routing";

    private RoutingModels(ServiceProvider services) => Services = services;

    public ServiceProvider Services { get; }

    public IRoutedScorerFactory Factory => Services.GetRequiredService<IRoutedScorerFactory>();

    public static BenchApplicant[] Inputs { get; } = Enumerable.Range(0, 16)
        .Select(i => new BenchApplicant { Age = i == 15 ? 16 : 30 + i, Income = 10000 * i, DebtRatio = 0.3, Score = 50 })
        .ToArray();

    /// <summary>
    /// Customer keys for sticky routing: enough of them that the share the challenger receives is close to the configured 10%
    /// (9.5% of these under the "sticky" salt, 10.6% under "targeted"; the 16 keys used before sent 18.75% and 6.25%).
    /// </summary>
    public static string[] Keys { get; } = Enumerable.Range(0, KeyCount).Select(i => $"customer-{i * 7919}").ToArray();

    /// <summary>The number of <see cref="Keys"/>, a power of two so a counter masks into it.</summary>
    public const int KeyCount = 1024;

    public static async Task<RoutingModels> CreateAsync(Action<IModelOpsBuilder>? configure = null)
    {
        var services = new ServiceCollection();
        var builder = services.AddModelOps().UseInMemory().AddRules().AddRouting(o => o.Seed = 1);
        configure?.Invoke(builder);
        var models = new RoutingModels(services.BuildServiceProvider());
        var registry = models.Services.GetRequiredService<IModelRegistry>();
        for (var v = 1; v <= 2; v++)
        {
            using var artifact = new MemoryStream(Encoding.UTF8.GetBytes(Table(v)));
            await registry.RegisterAsync(new ModelVersionRegistration { ModelName = Model, Flavor = RulesFlavor.FlavorName, Artifact = artifact });
        }

        await registry.SetAliasAsync(Model, "champion", 1, "benchmark");
        await registry.SetAliasAsync(Model, "challenger", 2, "benchmark");
        return models;
    }

    public Task<IModelScorer<BenchApplicant, BenchDecision>> ChampionAsync() =>
        Services.GetRequiredService<IModelScorerFactory>().CreateScorerAsync<BenchApplicant, BenchDecision>(Model, "champion");

    public static ExperimentBuilder Experiment(string name) =>
        new ExperimentBuilder(Model, name).WithChampionAlias("champion", 90).AddChallengerAlias("challenger", "challenger", 10);

    public ValueTask DisposeAsync() => Services.DisposeAsync();

    private static string Table(int version) => $$"""
        { "formatVersion": 1, "hitPolicy": "FIRST",
          "inputs": [ { "name": "income", "type": "number" }, { "name": "age", "type": "integer" } ],
          "outputs": [ { "name": "tier", "type": "string" }, { "name": "limit", "type": "integer" } ],
          "rules": [
            { "id": "minor", "when": { "age": { "op": "<", "value": 18 } }, "then": { "tier": "NONE", "limit": 0 } },
            { "id": "high", "when": { "income": { "op": ">=", "value": 80000 } }, "then": { "tier": "A", "limit": {{5000 * version}} } },
            { "id": "mid", "when": { "income": { "op": ">=", "value": 30000 } }, "then": { "tier": "B", "limit": {{2000 * version}} } } ],
          "default": { "tier": "C", "limit": {{500 * version}} } }
        """;
}
