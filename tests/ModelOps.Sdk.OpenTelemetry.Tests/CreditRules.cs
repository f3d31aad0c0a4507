using System.Text;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Rules;

namespace ModelOps.Sdk.OpenTelemetry.Tests;

/// <summary>A real rule set registered in a real (in-memory) registry, for scorers to load.</summary>
internal static class CreditRules
{
    public static string Table(long limit) => $$"""
        {
          "formatVersion": 1,
          "name": "credit-decision",
          "hitPolicy": "FIRST",
          "inputs": [
            { "name": "age", "type": "integer" },
            { "name": "country", "type": "string" }
          ],
          "outputs": [ { "name": "decision", "type": "string" }, { "name": "limit", "type": "integer" } ],
          "rules": [
            { "id": "minor", "when": { "age": { "op": "<", "value": 18 } }, "then": { "decision": "DECLINE", "limit": 0 } },
            { "id": "adult", "then": { "decision": "APPROVE", "limit": {{limit}} } }
          ]
        }
        """;

    public static ServiceProvider Services()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory().AddRules();
        return services.BuildServiceProvider();
    }

    public static async Task<ModelVersion> RegisterAsync(IModelRegistry registry, string modelName, long limit)
    {
        using var upload = new MemoryStream(Encoding.UTF8.GetBytes(Table(limit)));
        return await registry.RegisterAsync(new ModelVersionRegistration { ModelName = modelName, Flavor = RulesFlavor.FlavorName, Artifact = upload });
    }

    /// <summary>A model name no other test uses: the core meter is process-wide, so each test reads only its own series.</summary>
    public static string UniqueModelName() => "credit-" + Guid.NewGuid().ToString("N")[..12];
}

public sealed class Applicant
{
    public int Age { get; init; }

    public string? Country { get; init; }
}

public sealed class Decision
{
    [RuleField("decision")]
    public string? Outcome { get; set; }

    public long Limit { get; set; }
}
