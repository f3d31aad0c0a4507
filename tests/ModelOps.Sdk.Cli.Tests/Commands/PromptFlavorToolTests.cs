using ModelOps.Sdk.Cli.Tests.Infrastructure;

namespace ModelOps.Sdk.Cli.Tests.Commands;

/// <summary>
/// The tool loads the prompt flavor from a published folder through <c>Flavors:Assemblies</c> (issue 20, item 6) and checks a
/// prompt and its golden dataset at registration, without a chat client.
/// </summary>
public sealed class PromptFlavorToolTests
{
    private const string Prompt = """
        {
          "formatVersion": 1,
          "messages": [
            { "role": "system", "content": "You triage support tickets for {{product}}." },
            { "role": "user", "content": "Ticket: {{ticket}}" }
          ],
          "outputSchema": {
            "type": "object",
            "properties": { "category": { "type": "string" }, "urgency": { "type": "integer" } },
            "required": ["category"]
          }
        }
        """;

    private const string Dataset = """
        { "cases": [ { "name": "double-charge", "variables": { "product": "Acme Pay", VARIABLE: "I was charged twice." },
                       "checks": [ { "check": "exact", "path": "/category", "value": "billing" } ] } ] }
        """;

    private static readonly string FlavorPath = Path.Combine(AppContext.BaseDirectory, "flavors", "ai", "ModelOps.Sdk.AI.dll");

    [Fact]
    public async Task Register_WithTheFlavorLoadedFromItsFolder_StoresThePromptSignatureAndDataset()
    {
        using var registry = new TemporaryRegistry();
        var artifact = registry.WriteFile("prompt.json", Prompt);
        var dataset = registry.WriteFile("golden.json", Dataset.Replace("VARIABLE", "\"ticket\"", StringComparison.Ordinal));

        var run = await registry.RunAsync(Environment(), "versions", "register", "ticket-triage", "--artifact", artifact, "--flavor", "prompt", "--extra-file", $"golden-dataset.json={dataset}", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var signature = run.Json().GetProperty("signature");
        Assert.Equal(["product", "ticket"], signature.GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("name").GetString()!));
        Assert.Equal(["category", "urgency"], signature.GetProperty("outputs").EnumerateArray().Select(i => i.GetProperty("name").GetString()!));
    }

    [Fact]
    public async Task Register_GoldenDatasetWithAnUnknownVariable_IsRefusedWithExitCode1AndStoresNothing()
    {
        using var registry = new TemporaryRegistry();
        var artifact = registry.WriteFile("prompt.json", Prompt);
        var dataset = registry.WriteFile("golden.json", Dataset.Replace("VARIABLE", "\"tiket\"", StringComparison.Ordinal));

        var run = await registry.RunAsync(Environment(), "versions", "register", "ticket-triage", "--artifact", artifact, "--flavor", "prompt", "--extra-file", $"golden-dataset.json={dataset}");
        var models = await registry.RunAsync(Environment(), "models", "list", "--json");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("the prompt has no variable 'tiket'", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, models.Json().GetArrayLength());
    }

    private static Dictionary<string, string> Environment() => new()
    {
        ["MODELOPS_FLAVORS__ASSEMBLIES__0"] = FlavorPath,
        ["MODELOPS_ACTOR"] = "ci-bot",
    };
}
