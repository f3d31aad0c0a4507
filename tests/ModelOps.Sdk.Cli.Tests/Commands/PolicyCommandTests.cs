using ModelOps.Sdk.Cli.Tests.Infrastructure;

namespace ModelOps.Sdk.Cli.Tests.Commands;

/// <summary><c>modelops policy show|set|history</c> run as separate processes against a temporary registry.</summary>
public sealed class PolicyCommandTests
{
    private const string Admin = "model-admin";

    private const string StrictPolicy = """
        {
          "requiredApprovals": 2,
          "gates": [ { "type": "metric-threshold", "metric": "auc", "minimum": 0.95 } ]
        }
        """;

    [Fact]
    public async Task PolicySet_AsAdmin_StoresTheRevisionAndTheNextGateEvaluationFollowsIt()
    {
        using var registry = new TemporaryRegistry();
        var version = await registry.RegisterAsync("credit", auc: 0.91);
        var file = registry.WriteFile("policy.json", StrictPolicy);

        var configured = await registry.RunAsAsync("bob", string.Empty, "policy", "show", "--model", "credit", "--json");
        var before = await registry.RunAsAsync("bob", string.Empty, "gates", "evaluate", "credit", $"{version}");
        var set = await registry.RunAsAsync("ada", Admin, "policy", "set", "--file", file, "--model", "credit", "--reason", "CR-7: regulator floor", "--json");
        var after = await registry.RunAsAsync("bob", string.Empty, "gates", "evaluate", "credit", $"{version}", "--json");
        var show = await registry.RunAsAsync("bob", string.Empty, "policy", "show", "--model", "credit");
        var history = await registry.RunAsAsync("bob", string.Empty, "policy", "history", "--model", "credit", "--json");

        Assert.True(configured.ExitCode == 0, configured.ToString());
        Assert.Equal("configuredDefaultPolicy", configured.Json().GetProperty("source").GetString());
        Assert.Equal(["metric:auc"], configured.Json().GetProperty("gates").EnumerateArray().Select(g => g.GetString()));
        Assert.True(before.ExitCode == 0, before.ToString());
        Assert.True(set.ExitCode == 0, set.ToString());
        var stored = set.Json();
        Assert.Equal(("storedModelPolicy", 1, 2, "ada"), (stored.GetProperty("source").GetString(), stored.GetProperty("revision").GetInt32(), stored.GetProperty("requiredApprovals").GetInt32(), stored.GetProperty("storedBy").GetString()));
        Assert.Equal(0.95, stored.GetProperty("document").GetProperty("gates")[0].GetProperty("minimum").GetDouble());
        Assert.True(after.ExitCode == 3, after.ToString());
        Assert.Equal("storedModelPolicy", after.Json().GetProperty("policySource").GetString());
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Contains("stored for the model, revision 1", show.Output, StringComparison.Ordinal);
        Assert.Contains("\"minimum\":0.95", show.Output, StringComparison.Ordinal);
        var revision = Assert.Single(history.Json().EnumerateArray());
        Assert.Equal(("CR-7: regulator floor", "ada"), (revision.GetProperty("reason").GetString(), revision.GetProperty("storedBy").GetString()));
    }

    [Fact]
    public async Task PolicySet_WithoutTheChangePolicyRole_ExitsRefusedNamingTheRoleAndIsAudited()
    {
        using var registry = new TemporaryRegistry();
        await registry.RegisterAsync("credit", auc: 0.91);
        var file = registry.WriteFile("policy.json", StrictPolicy);

        var run = await registry.RunAsAsync("bob", "model-approver,model-deployer", "policy", "set", "--file", file, "--model", "credit", "--reason", "let me in");
        var log = await registry.RunAsAsync("bob", string.Empty, "audit", "log", "credit", "--json");
        var show = await registry.RunAsAsync("bob", string.Empty, "policy", "show", "--model", "credit", "--json");

        Assert.True(run.ExitCode == 5, run.ToString());
        Assert.Contains("refused (authorization)", run.Error, StringComparison.Ordinal);
        Assert.Contains(Admin, run.Error, StringComparison.Ordinal);
        Assert.Contains(log.Json().EnumerateArray(), e => e.GetProperty("operation").GetString() == "operation.refused" && e.GetProperty("actor").GetString() == "bob");
        Assert.Equal("configuredDefaultPolicy", show.Json().GetProperty("source").GetString());
    }

    [Theory]
    [InlineData("""{ "gates": [ { "type": "metric-threshold", "minimum": 0.8 } ] }""", "gates[0].metric")]
    [InlineData("""{ "gates": [ { "type": "onnx-parity", "tolerence": 0.001 } ] }""", "gates[0].tolerence")]
    [InlineData("""{ "requiredApprovals": "two" }""", "requiredApprovals")]
    [InlineData("""{ "gates": [ """, "policy.json")]
    public async Task PolicySet_InvalidFile_ExitsWithUsageCodeNamingTheFieldAndStoresNothing(string content, string named)
    {
        using var registry = new TemporaryRegistry();
        await registry.RegisterAsync("credit", auc: 0.91);
        var file = registry.WriteFile("policy.json", content);

        var run = await registry.RunAsAsync("ada", Admin, "policy", "set", "--file", file, "--model", "credit", "--reason", "broken");
        var history = await registry.RunAsAsync("ada", Admin, "policy", "history", "--model", "credit", "--json");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(named, run.Error, StringComparison.Ordinal);
        Assert.Empty(history.Json().EnumerateArray());
    }

    [Fact]
    public async Task PolicySet_WithoutReasonOrFile_IsAUsageError()
    {
        using var registry = new TemporaryRegistry();
        var file = registry.WriteFile("policy.json", StrictPolicy);

        var noReason = await registry.RunAsAsync("ada", Admin, "policy", "set", "--file", file);
        var noFile = await registry.RunAsAsync("ada", Admin, "policy", "set", "--file", "missing.json", "--reason", "x");

        Assert.True(noReason.ExitCode == 2, noReason.ToString());
        Assert.Contains("--reason", noReason.Error, StringComparison.Ordinal);
        Assert.True(noFile.ExitCode == 2, noFile.ToString());
        Assert.Contains("missing.json", noFile.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PolicySet_WithoutModel_StoresTheRegistryDefaultThatModelsWithoutTheirOwnUse()
    {
        using var registry = new TemporaryRegistry(governance: new
        {
            Models = new Dictionary<string, object> { ["scoring"] = new { RequiredApprovals = 1 } },
        });
        var version = await registry.RegisterAsync("credit", auc: 0.91);
        await registry.RegisterAsync("scoring", auc: 0.5);
        var file = registry.WriteFile("policy.json", StrictPolicy);

        var set = await registry.RunAsAsync("ada", Admin, "policy", "set", "--file", file, "--reason", "house-wide floor", "--json");
        var defaultPolicy = await registry.RunAsAsync("bob", string.Empty, "policy", "show", "--json");
        var credit = await registry.RunAsAsync("bob", string.Empty, "policy", "show", "--model", "credit", "--json");
        var scoring = await registry.RunAsAsync("bob", string.Empty, "policy", "show", "--model", "scoring", "--json");
        var approve = await registry.RunAsAsync("bob", "model-approver", "review", "approve", "credit", $"{version}");
        var unknown = await registry.RunAsAsync("bob", string.Empty, "policy", "show", "--model", "nosuch");

        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Equal("storedDefaultPolicy", defaultPolicy.Json().GetProperty("source").GetString());
        Assert.Equal("storedDefaultPolicy", credit.Json().GetProperty("source").GetString());
        Assert.Equal("configuredModelPolicy", scoring.Json().GetProperty("source").GetString());
        Assert.True(approve.ExitCode == 3, approve.ToString());
        Assert.True(unknown.ExitCode == 6, unknown.ToString());
    }

    [Fact]
    public async Task InvalidGatesInConfiguration_AreOneUsageErrorNamingEachConfigurationPath()
    {
        using var registry = new TemporaryRegistry(governance: new
        {
            Gates = new object[] { new { Type = "metric-threshold", Metric = "auc", Minimum = "abc" } },
            Models = new Dictionary<string, object>
            {
                ["credit"] = new { Gates = new object[] { new { Type = "onnx-parity", Tolerence = 0.001 } } },
            },
        });

        var run = await registry.RunAsync(new Dictionary<string, string>(), "policy", "show");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("configuration 'Governance:Gates:0:Minimum' (metric-threshold): 'Minimum' is \"abc\", which is not a number", run.Error, StringComparison.Ordinal);
        Assert.Contains("configuration 'Governance:Models:credit:Gates:0:Tolerence' (onnx-parity): is not a parameter", run.Error, StringComparison.Ordinal);
    }
}
