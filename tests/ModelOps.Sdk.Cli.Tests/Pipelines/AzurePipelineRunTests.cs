using ModelOps.Sdk.Cli.Tests.Infrastructure;

namespace ModelOps.Sdk.Cli.Tests.Pipelines;

/// <summary>
/// The Azure Pipelines pipeline of docs/ci-cd.md, run on this machine (<see cref="AzurePipelinesRun"/>): each script step in bash
/// as the agent runs it, the real <c>modelops</c> tool, a filesystem registry in place of PostgreSQL + S3, the
/// ManualValidation wait taken as resumed (the approval job then acts as its own principal), and the exit codes the document promises.
/// </summary>
public sealed class AzurePipelineRunTests
{
    private static readonly CiCdDocument Document = CiCdDocument.Load();

    /// <summary>The secrets of the Azure variable group <c>modelops-prod</c> (values never reach the local store).</summary>
    private static readonly Dictionary<string, string> VariableGroup = new()
    {
        ["MODELOPS_PG"] = "Host=db.internal;Username=modelops;Password=from-the-vault",
        ["MODELOPS_S3_KEY"] = "AKIAEXAMPLE",
        ["MODELOPS_S3_SECRET"] = "secret-from-the-vault",
    };

    /// <summary>The store settings the document's pipelines pass (PostgreSQL and S3), replaced by a local store when they run here.</summary>
    private static readonly SortedSet<string> StoreVariables = new(StringComparer.Ordinal)
    {
        "MODELOPS_POSTGRESQL__CONNECTIONSTRING", "MODELOPS_S3__ACCESSKEYID", "MODELOPS_S3__BUCKETNAME", "MODELOPS_S3__REGION", "MODELOPS_S3__SECRETACCESSKEY",
    };

    [Fact]
    public async Task AzurePipeline_RunInBash_TrainsGatesApprovesPromotesRollsBackWithTheDocumentedExitCodes()
    {
        using var workspace = new PipelineWorkspace(Document.AppSettings);
        var train = new Dictionary<string, string>();

        workspace.Train(auc: 0.86, commit: "c1");
        var first = await RunAzureAsync(workspace, train, "201");
        first.AssertStep("Train", StepStatus.Succeeded, 0);
        first.AssertStep("Register", StepStatus.Succeeded, 0);
        first.AssertStep("Evaluate gates (exit code 3 fails the stage)", StepStatus.Succeeded, 0);
        first.AssertStep("publish $(Build.ArtifactStagingDirectory)/model-card.md", StepStatus.Succeeded);
        Assert.Contains("retail credit decisions", first.Step("publish $(Build.ArtifactStagingDirectory)/model-card.md").Output, StringComparison.Ordinal);
        first.AssertStep("ManualValidation@1", StepStatus.Provided); // the human approval
        first.AssertStep("Record the approval", StepStatus.Succeeded, 0);
        first.AssertStep("Promote, smoke test, roll back on failure", StepStatus.Succeeded, 0);
        Assert.All(first.Steps.Where(s => s.Job == "RollbackChampion"), s => Assert.Equal(StepStatus.Skipped, s.Status));
        Assert.Equal(1, await workspace.ChampionAsync());

        // A model below the threshold fails the gates step, so the run stops before the approval.
        workspace.Train(auc: 0.70, commit: "c2");
        var weak = await RunAzureAsync(workspace, train, "202");
        weak.AssertStep("Evaluate gates (exit code 3 fails the stage)", StepStatus.Failed, 3);
        weak.AssertStep("Record the approval", StepStatus.Skipped);
        Assert.All(weak.Steps.Where(s => s.Job is "RecordApproval" or "Champion"), s => Assert.Equal(StepStatus.Skipped, s.Status));
        Assert.Equal(1, await workspace.ChampionAsync());

        // A good model whose smoke test fails: promoted, rolled back in the same script, and the step fails.
        workspace.Train(auc: 0.87, commit: "c3");
        workspace.SmokeTestPasses = false;
        var broken = await RunAzureAsync(workspace, train, "203");
        broken.AssertStep("Promote, smoke test, roll back on failure", StepStatus.Failed, 1);
        Assert.Equal(1, await workspace.ChampionAsync());
        var history = await workspace.ChampionHistoryAsync();
        Assert.Equal([(AliasChangeKind.Moved, 3), (AliasChangeKind.RolledBack, 1)], history.TakeLast(2).Select(c => (c.Kind, c.Version ?? 0)));

        // The rollback parameter runs only the Rollback stage.
        workspace.SmokeTestPasses = true;
        workspace.Train(auc: 0.88, commit: "c4");
        var fourth = await RunAzureAsync(workspace, train, "204");
        fourth.AssertStep("Promote, smoke test, roll back on failure", StepStatus.Succeeded, 0);
        Assert.Equal(4, await workspace.ChampionAsync());
        var rollback = await RunAzureAsync(workspace, new Dictionary<string, string> { ["rollbackReason"] = "INC-4711" }, "205");
        Assert.All(rollback.Steps.Where(s => s.Job != "RollbackChampion"), s => Assert.Equal(StepStatus.Skipped, s.Status));
        rollback.AssertStep("Roll back champion, show its history", StepStatus.Succeeded, 0);
        Assert.Contains("INC-4711", rollback.Step("Roll back champion, show its history").Output, StringComparison.Ordinal);
        Assert.Equal(1, await workspace.ChampionAsync());
        var last = (await workspace.ChampionHistoryAsync())[^1];
        Assert.Equal((AliasChangeKind.RolledBack, AzurePipelinesRun.RequestedFor, "INC-4711"), (last.Kind, last.Actor, last.Reason));
    }

    private static async Task<PipelineRun> RunAzureAsync(PipelineWorkspace workspace, Dictionary<string, string> parameters, string buildId)
    {
        var run = new AzurePipelinesRun(Document.AzurePipeline, workspace, parameters, VariableGroup, buildId);
        var result = await run.RunAsync();
        Assert.Subset(StoreVariables, run.ReplacedStoreVariables);
        return result;
    }
}
