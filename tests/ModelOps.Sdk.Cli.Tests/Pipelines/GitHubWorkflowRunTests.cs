using ModelOps.Sdk.Cli.Tests.Infrastructure;

namespace ModelOps.Sdk.Cli.Tests.Pipelines;

/// <summary>
/// The GitHub Actions workflow of docs/ci-cd.md, run on this machine (<see cref="GitHubActionsRun"/>): each step's script in bash
/// with the runner's flags, the real <c>modelops</c> tool, a filesystem registry in place of PostgreSQL + S3, the required
/// reviewers' wait taken as approved (the approve job then acts as its own principal), and the exit codes the document promises.
/// </summary>
public sealed class GitHubWorkflowRunTests
{
    private static readonly CiCdDocument Document = CiCdDocument.Load();

    /// <summary>The store settings the document's pipelines pass (PostgreSQL and S3), replaced by a local store when they run here.</summary>
    private static readonly SortedSet<string> StoreVariables = new(StringComparer.Ordinal)
    {
        "MODELOPS_POSTGRESQL__CONNECTIONSTRING", "MODELOPS_S3__ACCESSKEYID", "MODELOPS_S3__BUCKETNAME", "MODELOPS_S3__REGION", "MODELOPS_S3__SECRETACCESSKEY",
    };

    [Fact]
    public async Task GitHubWorkflow_RunInBash_TrainsGatesApprovesPromotesRollsBackWithTheDocumentedExitCodes()
    {
        using var workspace = new PipelineWorkspace(Document.AppSettings);
        var noInputs = new Dictionary<string, string>();

        // 1. A push: train, register (ci-bot), gates pass, the reviewer's approval, promote to champion, smoke test, verify.
        workspace.Train(auc: 0.86, commit: "c1");
        var first = await RunGitHubAsync(workspace, "push", noInputs, "101");
        foreach (var step in new[] { "Train", "Register", "Evaluate gates", "Model card", "Record the approval", "Promote to champion", "Smoke test the scoring service", "Verify the audit chain and every artifact" })
        {
            first.AssertStep(step, StepStatus.Succeeded, 0);
        }

        first.AssertStep("Roll back on a failed smoke test", StepStatus.Skipped);
        Assert.All(first.Steps.Where(s => s.Job == "rollback"), s => Assert.Equal(StepStatus.Skipped, s.Status));
        Assert.Contains("Registered credit version 1", first.Step("Register").Output, StringComparison.Ordinal);
        Assert.Contains("retail credit decisions", first.Step("Model card").Output, StringComparison.Ordinal);
        Assert.Equal(1, await workspace.ChampionAsync());

        // The pipeline cannot approve its own work: ci-bot registered, so its approval is refused (separation of duties).
        var selfApproval = await ToolProcess.RunAsync(
            workspace.Checkout,
            new Dictionary<string, string> { ["MODELOPS_STORE__PATH"] = workspace.StorePath, ["MODELOPS_ACTOR"] = "ci-bot", ["MODELOPS_ROLES"] = "model-approver" },
            ["review", "approve", "credit", "1"]);
        Assert.True(selfApproval.ExitCode == 5, selfApproval.ToString());

        // 2. A model below the policy's AUC threshold: the gates step fails with exit code 3 and nothing after it runs.
        workspace.Train(auc: 0.70, commit: "c2");
        var weak = await RunGitHubAsync(workspace, "push", noInputs, "102");
        weak.AssertStep("Register", StepStatus.Succeeded, 0);
        weak.AssertStep("Evaluate gates", StepStatus.Failed, 3);
        weak.AssertStep("Model card", StepStatus.Skipped);
        Assert.All(weak.Steps.Where(s => s.Job is "approve" or "promote"), s => Assert.Equal(StepStatus.Skipped, s.Status));
        Assert.Equal(1, await workspace.ChampionAsync());

        // 3. A good model whose smoke test fails after promotion: the rollback step puts the previous champion back.
        workspace.Train(auc: 0.87, commit: "c3");
        workspace.SmokeTestPasses = false;
        var broken = await RunGitHubAsync(workspace, "push", noInputs, "103");
        broken.AssertStep("Record the approval", StepStatus.Succeeded, 0);
        broken.AssertStep("Promote to champion", StepStatus.Succeeded, 0);
        broken.AssertStep("Smoke test the scoring service", StepStatus.Failed, 1);
        broken.AssertStep("Roll back on a failed smoke test", StepStatus.Succeeded, 0);
        broken.AssertStep("Verify the audit chain and every artifact", StepStatus.Skipped);
        Assert.Equal(1, await workspace.ChampionAsync());

        // 4. The next good model is promoted over the current champion (the move expects version 1, found by the jq filter).
        workspace.Train(auc: 0.88, commit: "c4");
        workspace.SmokeTestPasses = true;
        var fourth = await RunGitHubAsync(workspace, "push", noInputs, "104");
        fourth.AssertStep("Promote to champion", StepStatus.Succeeded, 0);
        fourth.AssertStep("Verify the audit chain and every artifact", StepStatus.Succeeded, 0);
        Assert.Equal(4, await workspace.ChampionAsync());

        // 5. A manual run with a reason rolls the champion back; only the rollback job runs.
        var rollback = await RunGitHubAsync(workspace, "workflow_dispatch", new Dictionary<string, string> { ["rollback_reason"] = "INC-4711" }, "105");
        Assert.All(rollback.Steps.Where(s => s.Job != "rollback"), s => Assert.Equal(StepStatus.Skipped, s.Status));
        Assert.All(rollback.Steps.Where(s => s.Job == "rollback" && s.Status != StepStatus.Provided), s => Assert.True(s.Status == StepStatus.Succeeded, s.ToString()));
        Assert.Equal(1, await workspace.ChampionAsync());
        var last = (await workspace.ChampionHistoryAsync())[^1];
        Assert.Equal((AliasChangeKind.RolledBack, 4, 1, GitHubActionsRun.Actor, "INC-4711"), (last.Kind, last.PreviousVersion, last.Version, last.Actor, last.Reason));
        Assert.Contains("INC-4711", rollback.Steps[^1].Output, StringComparison.Ordinal); // the history step prints it
    }

    private static async Task<PipelineRun> RunGitHubAsync(PipelineWorkspace workspace, string eventName, Dictionary<string, string> inputs, string runId)
    {
        var run = new GitHubActionsRun(Document.GitHubWorkflow, workspace, eventName, inputs, runId);
        var result = await run.RunAsync();
        Assert.Subset(StoreVariables, run.ReplacedStoreVariables);
        return result;
    }
}
