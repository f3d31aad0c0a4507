using System.CommandLine;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace ModelOps.Sdk.Cli.Tests.Pipelines;

/// <summary>
/// docs/ci-cd.md cannot run on GitHub or Azure from here, so its pipelines are checked mechanically: the YAML parses and has the
/// shape each CI system requires, and every <c>modelops</c> command line in it parses with the tool's own parser (a renamed
/// command or option fails here). <see cref="GitHubWorkflowRunTests"/> and <see cref="AzurePipelineRunTests"/> run the steps.
/// </summary>
public sealed partial class CiCdDocumentTests
{
    private static readonly CiCdDocument Document = CiCdDocument.Load();

    [Fact]
    public void GitHubWorkflow_HasTheShapeGitHubActionsRequires()
    {
        var workflow = Document.GitHubWorkflow;
        var on = workflow.Mapping("on");
        Assert.NotNull(on.Child("push"));
        Assert.NotNull(on.Mapping("workflow_dispatch").Mapping("inputs").Child("rollback_reason"));
        var jobs = GitHubActionsRun.InNeedsOrder(workflow.Mapping("jobs")); // every need names a job, and there is no cycle
        Assert.Equal(["train-register-gate", "approve", "promote", "rollback"], jobs.Select(j => j.Id));
        foreach (var (id, job) in jobs)
        {
            Assert.False(string.IsNullOrWhiteSpace(job.Scalar("runs-on")), $"job '{id}' has no runs-on");
            var steps = job.Sequence("steps").Mappings().ToList();
            Assert.NotEmpty(steps);
            foreach (var step in steps)
            {
                Assert.True(step.Child("uses") is null != (step.Child("run") is null), $"a step of job '{id}' must have exactly one of 'uses' and 'run' ({step.Start})");
            }

            var ids = steps.Select(s => s.Scalar("id")).OfType<string>().ToList();
            Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        }
    }

    [Fact]
    public void AzurePipeline_HasTheShapeAzurePipelinesRequires()
    {
        var pipeline = Document.AzurePipeline;
        Assert.NotNull(pipeline.Child("trigger"));
        var stageNames = new List<string>();
        foreach (var stage in pipeline.Sequence("stages").Mappings())
        {
            string name = stage.Scalar("stage") ?? throw new InvalidOperationException($"a stage without a name at {stage.Start}");
            Assert.All(stage.Names("dependsOn") ?? [], d => Assert.Contains(d, stageNames)); // only earlier stages
            stageNames.Add(name);
            var jobNames = new List<string>();
            var jobs = stage.Sequence("jobs").Mappings().ToList();
            Assert.NotEmpty(jobs);
            foreach (var job in jobs)
            {
                string jobName = job.Scalar("job") ?? job.Scalar("deployment") ?? throw new InvalidOperationException($"a job of stage '{name}' is neither 'job' nor 'deployment'");
                Assert.All(job.Names("dependsOn") ?? [], d => Assert.Contains(d, jobNames));
                jobNames.Add(jobName);
                var steps = job.Child("steps") is YamlSequenceNode direct
                    ? direct
                    : job.Mapping("strategy").Mapping("runOnce").Mapping("deploy").Sequence("steps");
                Assert.NotEmpty(steps.Children);
                foreach (var step in steps.Mappings())
                {
                    int kinds = new[] { "task", "script", "checkout", "publish", "bash" }.Count(k => step.Child(k) is not null);
                    Assert.True(kinds == 1, $"a step of {name}/{jobName} must be exactly one of task, script, checkout, publish ({step.Start})");
                }
            }
        }

        Assert.Equal(["Build", "Approve", "Promote", "Rollback"], stageNames);
    }

    [Fact]
    public void EveryModelOpsCommandLine_ParsesWithTheToolsOwnParser()
    {
        var commands = new List<(string Where, IReadOnlyList<string> Arguments)>();
        foreach (var (id, job) in GitHubActionsRun.InNeedsOrder(Document.GitHubWorkflow.Mapping("jobs")))
        {
            foreach (var step in job.Sequence("steps").Mappings())
            {
                if (step.Scalar("run") is { } script)
                {
                    string expanded = GitHubExpression().Replace(script, m => m.Value.Contains("version", StringComparison.Ordinal) ? "7" : "ci-value");
                    commands.AddRange(ShellCommandLine.ModelOpsInvocations(expanded, ShellVariable).Select(a => ($"GitHub {id}/{GitHubActionsRun.StepName(step)}", a)));
                }
            }
        }

        foreach (var step in AllAzureSteps(Document.AzurePipeline))
        {
            if (step.Scalar("script") is { } script)
            {
                string expanded = AzureMacro().Replace(AzureTemplate().Replace(script, "INC-4711"), m => m.Groups["name"].Value switch
                {
                    "MODEL" => "credit",
                    var name when name.Contains("version", StringComparison.OrdinalIgnoreCase) => "7",
                    _ => "ci-value",
                });
                commands.AddRange(ShellCommandLine.ModelOpsInvocations(expanded, ShellVariable).Select(a => ($"Azure {AzurePipelinesRun.StepName(step)}", a)));
            }
        }

        foreach (var block in Document.Blocks.Where(b => b.Language == "sh"))
        {
            commands.AddRange(ShellCommandLine.ModelOpsInvocations(block.Text, ShellVariable).Select(a => ($"docs/ci-cd.md line {block.Line}", a)));
        }

        var parsed = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (where, arguments) in commands)
        {
            var result = ModelOpsCommandLine.Create().Parse([.. arguments]);
            Assert.True(result.Errors.Count == 0, $"{where}: 'modelops {string.Join(' ', arguments)}' does not parse: {string.Join("; ", result.Errors.Select(e => e.Message))}");
            Assert.True(result.CommandResult.Command.Action is not null, $"{where}: 'modelops {string.Join(' ', arguments)}' names a command group, not a command");
            parsed.Add(CommandPath(result.CommandResult.Command));
        }

        // The extraction found the pipeline's whole lifecycle (a broken extraction must not pass by finding nothing).
        Assert.Superset(
            new SortedSet<string>(StringComparer.Ordinal)
            {
                "versions register", "gates evaluate", "gates show", "cards show", "review approve", "aliases list", "aliases move", "aliases rollback",
                "aliases history", "aliases resolve", "audit verify", "bundles export", "bundles import",
            },
            parsed);
    }

    [Fact]
    public void EveryModelOpsVariable_NamesAConfigurationKeyTheToolReads()
    {
        // The tool ignores configuration keys it does not read, so a misspelled variable (MODELOPS_S3__BUCKET) would silently fall
        // back to a default store: each MODELOPS_ variable the pipelines set must name a section the tool binds and a property of it.
        var sections = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase)
        {
            ["STORE"] = typeof(ModelOps.Sdk.Storage.FileSystem.FileSystemStorageOptions),
            ["POSTGRESQL"] = typeof(ModelOps.Sdk.PostgreSql.PostgreSqlStorageOptions),
            ["S3"] = typeof(ModelOps.Sdk.Storage.S3.S3ArtifactStoreOptions),
            ["MODELOPS"] = typeof(ModelOpsOptions),
            ["BUNDLES"] = typeof(ModelOps.Sdk.Governance.Bundles.ModelBundleOptions),
        };
        string[] topLevel = ["ACTOR", "ROLES", "PROGRESS"];
        var github = Document.GitHubWorkflow;
        var names = github.Pairs("env").Select(p => p.Key).ToList();
        foreach (var (_, job) in GitHubActionsRun.InNeedsOrder(github.Mapping("jobs")))
        {
            names.AddRange(job.Pairs("env").Select(p => p.Key));
            names.AddRange(job.Sequence("steps").Mappings().SelectMany(step => step.Pairs("env")).Select(p => p.Key));
        }

        names.AddRange(Document.AzurePipeline.Sequence("variables").Mappings().Select(v => v.Scalar("name")).OfType<string>());
        names.AddRange(AllAzureSteps(Document.AzurePipeline).SelectMany(step => step.Pairs("env")).Select(p => p.Key));

        var settings = names.Where(n => n.StartsWith("MODELOPS_", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).ToList();
        Assert.Contains("MODELOPS_S3__BUCKETNAME", settings);
        Assert.Contains("MODELOPS_POSTGRESQL__CONNECTIONSTRING", settings);
        foreach (string name in settings)
        {
            var path = name["MODELOPS_".Length..].Split("__");
            bool known = path switch
            {
                [var key] => topLevel.Contains(key, StringComparer.OrdinalIgnoreCase),
                [var section, var key] => sections.TryGetValue(section, out var type)
                    && (type.GetProperty(key, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase) is not null
                        || (section.Equals("STORE", StringComparison.OrdinalIgnoreCase) && key.Equals("PATH", StringComparison.OrdinalIgnoreCase))),
                _ => false,
            };
            Assert.True(known, $"docs/ci-cd.md sets {name}, which names no configuration key the tool reads (see docs/cli.md, Configuration)");
        }
    }

    private static IEnumerable<YamlMappingNode> AllAzureSteps(YamlMappingNode pipeline) =>
        pipeline.Sequence("stages").Mappings().SelectMany(stage => stage.Sequence("jobs").Mappings()).SelectMany(job =>
            (job.Child("steps") as YamlSequenceNode ?? job.Mapping("strategy").Mapping("runOnce").Mapping("deploy").Sequence("steps")).Mappings());

    private static string? ShellVariable(string name) => name switch
    {
        "MODEL" => "credit",
        "VERSION" or "version" => "7",
        "current" => null, // unset: ${current:-none}
        _ => "shell-value",
    };

    private static string CommandPath(Command command)
    {
        var names = new List<string>();
        for (Command? c = command; c is not null and not RootCommand; c = c.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Insert(0, c.Name);
        }

        return string.Join(' ', names);
    }

    [GeneratedRegex(@"\$\{\{.+?\}\}")]
    private static partial Regex GitHubExpression();

    [GeneratedRegex(@"\$\{\{\s*parameters\.\w+\s*\}\}")]
    private static partial Regex AzureTemplate();

    [GeneratedRegex(@"\$\((?<name>[A-Za-z_][A-Za-z0-9_.]*)\)")]
    private static partial Regex AzureMacro();
}
