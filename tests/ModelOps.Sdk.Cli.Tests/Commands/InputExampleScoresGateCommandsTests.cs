using ModelOps.Sdk.Cli.Tests.Infrastructure;

namespace ModelOps.Sdk.Cli.Tests.Commands;

/// <summary>
/// The stored gate "the artifact loads and its input example scores" from the tool (issue 14, item 11), and the tool's
/// <c>Governance</c> configuration naming the loading gates, run as separate processes.
/// </summary>
public sealed class InputExampleScoresGateCommandsTests
{
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

    private const string Policy = """{ "requiredApprovals": 1, "gates": [ { "type": "input-example-scores" } ] }""";

    /// <summary>
    /// A <c>Governance</c> section naming <c>artifact-loads</c> hung every command: the gate's loader was resolved while the registry
    /// was being constructed. <see cref="ToolProcess"/> kills a run that has not exited within its deadline and fails the test.
    /// </summary>
    [Fact]
    public async Task ConfiguredLoadingGates_NoLongerHangEveryCommand()
    {
        using var registry = new TemporaryRegistry(governance: new
        {
            Gates = new object[] { new { Type = "artifact-loads" }, new { Type = "input-example-scores" } },
        });
        var artifact = registry.WriteFile("rules.json", RuleSet);
        var metadata = registry.WriteFile("meta.json", """{ "inputExample": "{ \"income\": 2500, \"country\": \"FR\" }" }""");

        var list = await registry.RunAsAsync("ci-bot", string.Empty, "models", "list", "--json");
        var register = await registry.RunAsAsync("ci-bot", string.Empty, "versions", "register", "credit", "--artifact", artifact, "--flavor", "rules", "--metadata", metadata, "--json");
        var gates = await registry.RunAsAsync("bob", string.Empty, "gates", "evaluate", "credit", "1", "--json");

        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.True(register.ExitCode == 0, register.ToString());
        Assert.True(gates.ExitCode == 0, gates.ToString());
        Assert.Equal(
            [("artifact-loads", true), ("input-example-scores", true)],
            gates.Json().GetProperty("results").EnumerateArray().Select(r => (r.GetProperty("gate").GetString()!, r.GetProperty("passed").GetBoolean())));
    }

    [Fact]
    public async Task StoredPolicy_ExampleThatDoesNotScore_FailsGatesAndCannotBeApprovedOrPromoted()
    {
        using var registry = new TemporaryRegistry();
        var artifact = registry.WriteFile("rules.json", RuleSet);
        var bad = registry.WriteFile("bad.json", """{ "inputExample": "{ \"income\": \"lots\", \"country\": \"FR\" }" }""");
        var good = registry.WriteFile("good.json", """{ "inputExample": "{ \"income\": 2500, \"country\": \"FR\" }" }""");
        var policy = registry.WriteFile("policy.json", Policy);

        var first = await registry.RunAsAsync("ci-bot", string.Empty, "versions", "register", "credit", "--artifact", artifact, "--flavor", "rules", "--metadata", bad);
        var second = await registry.RunAsAsync("ci-bot", string.Empty, "versions", "register", "credit", "--artifact", artifact, "--flavor", "rules", "--metadata", good);
        var set = await registry.RunAsAsync("ada", "model-admin", "policy", "set", "--file", policy, "--model", "credit", "--reason", "CR-11");
        var gates = await registry.RunAsAsync("bob", string.Empty, "gates", "evaluate", "credit", "1", "--json");
        var approve = await registry.RunAsAsync("bob", "model-approver", "review", "approve", "credit", "1");
        var promote = await registry.RunAsAsync("dan", "model-deployer", "aliases", "set", "credit", "champion", "1");
        var approveGood = await registry.RunAsAsync("bob", "model-approver", "review", "approve", "credit", "2", "--json");

        Assert.True(first.ExitCode == 0 && second.ExitCode == 0 && set.ExitCode == 0, $"{first}\n{second}\n{set}");
        Assert.True(gates.ExitCode == 3, gates.ToString());
        var result = Assert.Single(gates.Json().GetProperty("results").EnumerateArray());
        Assert.Equal(("input-example-scores", false), (result.GetProperty("gate").GetString(), result.GetProperty("passed").GetBoolean()));
        Assert.Contains("at field 'income': expected a number, found a string", result.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.True(approve.ExitCode == 3, approve.ToString());
        Assert.True(promote.ExitCode == 5, promote.ToString());
        Assert.True(approveGood.ExitCode == 0, approveGood.ToString());
        Assert.True(approveGood.Json().GetProperty("isApproved").GetBoolean());
    }
}
