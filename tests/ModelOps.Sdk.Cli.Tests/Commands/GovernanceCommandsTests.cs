using ModelOps.Sdk.Cli.Tests.Infrastructure;

namespace ModelOps.Sdk.Cli.Tests.Commands;

public sealed class GovernanceCommandsTests
{
    private const string Approver = "model-approver";

    [Fact]
    public async Task GatesEvaluate_MetricBelowThreshold_ExitsWithGatesFailedAndReportsTheGate()
    {
        using var registry = new TemporaryRegistry();
        var version = await registry.RegisterAsync("credit", auc: 0.72);

        var run = await registry.RunAsAsync("bob", string.Empty, "gates", "evaluate", "credit", $"{version}", "--json");
        var table = await registry.RunAsAsync("bob", string.Empty, "gates", "show", "credit", $"{version}");

        Assert.True(run.ExitCode == 3, run.ToString());
        var report = run.Json();
        Assert.False(report.GetProperty("passed").GetBoolean());
        var result = Assert.Single(report.GetProperty("results").EnumerateArray());
        Assert.Equal("metric:auc", result.GetProperty("gate").GetString());
        Assert.False(result.GetProperty("passed").GetBoolean());
        Assert.Equal(0.72, result.GetProperty("figures").GetProperty("auc").GetDouble());
        Assert.Equal(3, table.ExitCode);
        Assert.Contains("FAILED", table.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GatesEvaluate_AllGatesPass_ExitsZero()
    {
        using var registry = new TemporaryRegistry();
        var version = await registry.RegisterAsync("credit", auc: 0.91);

        var run = await registry.RunAsAsync("bob", string.Empty, "gates", "evaluate", "credit", $"{version}", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(run.Json().GetProperty("passed").GetBoolean());
    }

    [Fact]
    public async Task ReviewApprove_ByTheRegistrant_IsRefusedAndAudited()
    {
        using var registry = new TemporaryRegistry();
        var version = await registry.RegisterAsync("credit", auc: 0.91, actor: "alice");

        var run = await registry.RunAsAsync("alice", Approver, "review", "approve", "credit", $"{version}");
        var show = await registry.RunAsAsync("bob", string.Empty, "versions", "show", "credit", $"{version}", "--json");
        var log = await registry.RunAsAsync("bob", string.Empty, "audit", "log", "credit", "--json");

        Assert.True(run.ExitCode == 5, run.ToString());
        Assert.Contains("separation-of-duties", run.Error, StringComparison.Ordinal);
        Assert.Equal("pendingApproval", show.Json().GetProperty("status").GetString());
        Assert.Contains(log.Json().EnumerateArray(), e => e.GetProperty("operation").GetString() == "operation.refused" && e.GetProperty("actor").GetString() == "alice");
    }

    [Fact]
    public async Task ReviewApprove_WithoutTheApproverRole_IsRefusedNamingTheRole()
    {
        using var registry = new TemporaryRegistry();
        var version = await registry.RegisterAsync("credit", auc: 0.91);

        var run = await registry.RunAsAsync("bob", string.Empty, "review", "approve", "credit", $"{version}");

        Assert.True(run.ExitCode == 5, run.ToString());
        Assert.Contains(Approver, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReviewApprove_FailingGates_ExitsWithGatesFailed()
    {
        using var registry = new TemporaryRegistry();
        var version = await registry.RegisterAsync("credit", auc: 0.6);

        var run = await registry.RunAsAsync("bob", Approver, "review", "approve", "credit", $"{version}", "--json");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.False(run.Json().GetProperty("passed").GetBoolean());
    }

    [Fact]
    public async Task ReviewApprove_BySecondPrincipal_ApprovesTheVersion()
    {
        using var registry = new TemporaryRegistry();
        var version = await registry.RegisterAsync("credit", auc: 0.91, actor: "alice");

        var run = await registry.RunAsAsync("bob", Approver, "review", "approve", "credit", $"{version}", "--comment", "report reviewed", "--json");
        var card = await registry.RunAsAsync("carol", string.Empty, "cards", "show", "credit", $"{version}");

        Assert.True(run.ExitCode == 0, run.ToString());
        var outcome = run.Json();
        Assert.True(outcome.GetProperty("isApproved").GetBoolean());
        Assert.Equal(["bob"], outcome.GetProperty("approvers").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("approved", outcome.GetProperty("version").GetProperty("status").GetString());
        Assert.Equal(0, card.ExitCode);
        Assert.Contains("# Model card: credit version 1", card.Output, StringComparison.Ordinal);
        Assert.Contains("Approved by: bob", card.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReviewReject_WithReason_RejectsTheVersion()
    {
        using var registry = new TemporaryRegistry();
        var version = await registry.RegisterAsync("credit", auc: 0.91);

        var run = await registry.RunAsAsync("bob", Approver, "review", "reject", "credit", $"{version}", "--reason", "biased on age", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("rejected", run.Json().GetProperty("status").GetString());
    }

    [Fact]
    public async Task PerModelPolicyFromConfiguration_RequiresTwoApproversAndComparesWithTheChampion()
    {
        using var registry = new TemporaryRegistry(governance: new
        {
            Models = new Dictionary<string, object>
            {
                ["credit"] = new
                {
                    RequiredApprovals = 2,
                    Gates = new object[] { new { Type = "champion-comparison", Metric = "auc", HigherIsBetter = true, MaximumDegradation = 0.01 } },
                },
            },
        });
        var first = await registry.RegisterAsync("credit", auc: 0.90);
        var worse = await registry.RegisterAsync("credit", auc: 0.85);

        var byBob = await registry.RunAsAsync("bob", Approver, "review", "approve", "credit", $"{first}", "--json");
        var byCarol = await registry.RunAsAsync("carol", Approver, "review", "approve", "credit", $"{first}", "--json");
        var promote = await registry.RunAsAsync("dan", "model-deployer", "aliases", "set", "credit", "champion", $"{first}");
        var gates = await registry.RunAsAsync("bob", string.Empty, "gates", "evaluate", "credit", $"{worse}", "--json");

        Assert.True(byBob.ExitCode == 0, byBob.ToString());
        Assert.False(byBob.Json().GetProperty("isApproved").GetBoolean());
        Assert.Equal(2, byBob.Json().GetProperty("requiredApprovals").GetInt32());
        Assert.True(byCarol.Json().GetProperty("isApproved").GetBoolean());
        Assert.True(promote.ExitCode == 0, promote.ToString());
        Assert.True(gates.ExitCode == 3, gates.ToString());
        Assert.Equal(first, gates.Json().GetProperty("championVersion").GetInt32());
    }
}
