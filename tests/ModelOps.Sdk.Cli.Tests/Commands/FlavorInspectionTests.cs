using ModelOps.Sdk.Cli.Tests.Infrastructure;

namespace ModelOps.Sdk.Cli.Tests.Commands;

/// <summary>The tool inspects artifacts with the flavors a host loads (issue 14, item 11), run as a separate process.</summary>
public sealed class FlavorInspectionTests
{
    private const string RuleSet = """
        {
          "formatVersion": 1,
          "name": "credit-decision",
          "hitPolicy": "FIRST",
          "inputs": [ { "name": "income", "type": "number" }, { "name": "country", "type": "string" } ],
          "outputs": [ { "name": "decision", "type": "string" } ],
          "rules": [ { "id": "r7", "when": { "country": { "op": "=", "value": COUNTRY } }, "then": { "decision": "APPROVE" } } ]
        }
        """;

    [Fact]
    public async Task Register_RulesTableWithATypeError_IsRefusedWithTheFlavorsMessageAndStoresNoVersion()
    {
        using var registry = new TemporaryRegistry();
        var artifact = registry.WriteFile("rules.json", RuleSet.Replace("COUNTRY", "5", StringComparison.Ordinal));

        var run = await registry.RunAsAsync("ci-bot", string.Empty, "versions", "register", "credit", "--artifact", artifact, "--flavor", "rules");
        var models = await registry.RunAsAsync("ci-bot", string.Empty, "models", "list", "--json");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("rule 'r7' field 'country'", run.Error, StringComparison.Ordinal);
        Assert.Contains("type error: value 5 is a number, but the field is a string", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, models.Json().GetArrayLength());
    }

    [Fact]
    public async Task Register_ValidRulesTable_StoresTheSignatureTheFlavorFound()
    {
        using var registry = new TemporaryRegistry();
        var artifact = registry.WriteFile("rules.json", RuleSet.Replace("COUNTRY", "\"FR\"", StringComparison.Ordinal));

        var run = await registry.RunAsAsync("ci-bot", string.Empty, "versions", "register", "credit", "--artifact", artifact, "--flavor", "rules", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var inputs = run.Json().GetProperty("signature").GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("name").GetString()!).ToArray();
        Assert.Equal(["income", "country"], inputs);
    }

    [Fact]
    public async Task FlavorAssemblies_AMissingPath_IsAUsageErrorNamingTheKey()
    {
        using var registry = new TemporaryRegistry();
        var environment = new Dictionary<string, string> { ["MODELOPS_FLAVORS__ASSEMBLIES__0"] = "missing/Flavor.dll", ["MODELOPS_ACTOR"] = "ci-bot" };

        var run = await registry.RunAsync(environment, "models", "list");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("Flavors:Assemblies:0", run.Error, StringComparison.Ordinal);
    }
}
