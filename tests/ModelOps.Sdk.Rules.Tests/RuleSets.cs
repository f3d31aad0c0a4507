using System.Text;
using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Rules.Tests;

/// <summary>Loads rule sets from JSON text the way the registry hands them to the flavor.</summary>
internal static class RuleSets
{
    public const string ModelName = "credit";

    public static ModelVersion Version(int version = 3) => new()
    {
        ModelName = ModelName,
        Version = version,
        Flavor = RulesFlavor.FlavorName,
        Artifact = new ArtifactFile("model", new string('0', 64), 0),
        RegisteredBy = "tests",
    };

    public static ModelArtifact Artifact(string json, ModelVersion? version = null) =>
        new(ModelName, RulesFlavor.FlavorName, new string('0', 64), Encoding.UTF8.GetBytes(json), version: version);

    public static IModelPredictor<TInput, TOutput> Predictor<TInput, TOutput>(string json)
        where TInput : class
        where TOutput : class =>
        Load(json).CreatePredictor<TInput, TOutput>();

    public static ILoadedModel Load(string json)
    {
        // The flavor completes synchronously; AsTask makes reading the result safe regardless.
        return new RulesFlavor().LoadAsync(Artifact(json, Version())).AsTask().GetAwaiter().GetResult();
    }

    public static async Task<InvalidModelArtifactException> InspectFailsAsync(string json) =>
        await Assert.ThrowsAsync<InvalidModelArtifactException>(async () => await new RulesFlavor().InspectAsync(Artifact(json)));

    /// <summary>The credit table used by most tests: inputs income, age, country, student; outputs decision and limit.</summary>
    public static string Credit(string hitPolicy, string rules, string outputs = DecisionOutputs, string extra = "") => $$"""
        {
          "formatVersion": 1,
          "name": "credit-decision",
          "hitPolicy": "{{hitPolicy}}",
          {{extra}}
          "inputs": [
            { "name": "income", "type": "number" },
            { "name": "age", "type": "integer" },
            { "name": "country", "type": "string" },
            { "name": "student", "type": "boolean", "nullable": true, "required": false }
          ],
          "outputs": {{outputs}},
          "rules": [ {{rules}} ]
        }
        """;

    public const string DecisionOutputs = """[ { "name": "decision", "type": "string" }, { "name": "limit", "type": "integer" } ]""";
}

public sealed class Applicant
{
    public double Income { get; init; }

    public int Age { get; init; }

    public string? Country { get; init; }

    public bool? Student { get; init; }
}

public sealed class Decision
{
    [RuleField("decision")]
    public string? Outcome { get; set; }

    public long Limit { get; set; }

    [RuleId]
    public string? RuleId { get; set; }
}
